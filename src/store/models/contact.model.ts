import { Model, type RelationMappings } from 'objection';
import type { DbTime } from '../db-time.ts';
import { ContactPhoneModel } from './contact-phone.model.ts';

/** A row of `contacts`. */
export class ContactModel extends Model {
  static override tableName = 'contacts';
  static override idColumn = 'id';
  declare id: string;
  declare business_line_id: string;
  declare name: string;
  declare company: string | null;
  declare notes: string | null;
  declare created_at: DbTime;
  declare updated_at: DbTime;
  declare phones?: ContactPhoneModel[];

  static override relationMappings = (): RelationMappings => ({
    phones: {
      relation: Model.HasManyRelation,
      modelClass: ContactPhoneModel,
      join: { from: 'contacts.id', to: 'contact_phones.contact_id' },
    },
  });
}
