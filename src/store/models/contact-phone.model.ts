import { Model } from 'objection';

/** A row of `contact_phones`: one E.164 number of a contact. */
export class ContactPhoneModel extends Model {
  static override tableName = 'contact_phones';
  static override idColumn = ['contact_id', 'e164'];
  declare contact_id: string;
  declare e164: string;
  declare label: string;
  /** Order the numbers were given in; 0 is the main number. */
  declare position: number;
}
