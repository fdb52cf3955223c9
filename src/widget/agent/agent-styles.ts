/**
 * The agent widget's styles, scoped by its shadow root: nothing leaks into
 * the host page and the host's styles do not reach in. Laid out for a
 * 360 px wide side panel; every control shows a visible focus ring.
 */
import { css } from 'lit';

export const agentStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    width: 100%;
    max-width: 360px;
    font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    color: #1d2330;
    background: #fff;
    border: 1px solid #d6dbe4;
    border-radius: 8px;
    overflow: hidden;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  section {
    padding: 10px 12px;
    border-top: 1px solid #e7eaf0;
  }
  section:first-of-type {
    border-top: none;
  }
  h2,
  h3 {
    margin: 0 0 6px;
    font-size: 13px;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: #5a6476;
  }
  form.wrap-up h3 {
    text-transform: none;
    letter-spacing: normal;
    font-size: 15px;
    color: inherit;
  }
  form.wrap-up + form.wrap-up {
    margin-top: 12px;
    padding-top: 10px;
    border-top: 1px dashed #e1e5ec;
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
    background: #1d2330;
    color: #fff;
  }
  header .who {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid #b8c0cf;
    background: #f4f6fa;
    color: #1d2330;
    border-radius: 6px;
    padding: 5px 10px;
  }
  button.primary {
    background: #1f6feb;
    border-color: #1f6feb;
    color: #fff;
  }
  button.danger {
    background: #c62828;
    border-color: #c62828;
    color: #fff;
  }
  header button {
    background: transparent;
    color: #fff;
    border-color: #69738a;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  :focus-visible {
    outline: 3px solid #f5a623;
    outline-offset: 1px;
  }
  input,
  select,
  textarea {
    border: 1px solid #b8c0cf;
    border-radius: 6px;
    padding: 5px 7px;
    min-width: 0;
    background: #fff;
    color: inherit;
  }
  textarea {
    width: 100%;
    resize: vertical;
    min-height: 52px;
  }
  label {
    display: block;
    font-size: 12px;
    color: #5a6476;
    margin: 6px 0 2px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .row > input,
  .row > select {
    flex: 1;
  }
  .status {
    display: flex;
    align-items: baseline;
    gap: 8px;
    margin-bottom: 8px;
  }
  .pill {
    display: inline-block;
    padding: 2px 9px;
    border-radius: 999px;
    font-weight: 600;
    font-size: 13px;
    background: #e7eaf0;
  }
  .pill[data-status='AVAILABLE'] {
    background: #d7f5df;
    color: #115c2a;
  }
  .pill[data-status='RINGING'],
  .pill[data-status='RESERVED'] {
    background: #fff1c2;
    color: #6b4e00;
  }
  .pill[data-status='ON_CALL'] {
    background: #dbe8ff;
    color: #123e8c;
  }
  .pill[data-status='WRAP_UP'] {
    background: #efe1ff;
    color: #53237f;
  }
  .pill[data-status='PAUSED'] {
    background: #ffe1dc;
    color: #8a2414;
  }
  .timer {
    font-variant-numeric: tabular-nums;
    color: #5a6476;
  }
  .pop {
    background: #f8fbff;
  }
  .number {
    font-size: 20px;
    font-weight: 700;
    letter-spacing: 0.02em;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    font-size: 12px;
    font-weight: 600;
    padding: 1px 7px;
    border-radius: 4px;
    margin-left: 6px;
    vertical-align: middle;
  }
  .badge.returning {
    background: #dbe8ff;
    color: #123e8c;
  }
  .badge.new {
    background: #d7f5df;
    color: #115c2a;
  }
  .contact {
    font-size: 16px;
    font-weight: 600;
    margin-top: 4px;
  }
  .muted {
    color: #5a6476;
    font-size: 13px;
  }
  .notes,
  .script {
    white-space: pre-wrap;
    background: #fff;
    border: 1px solid #e7eaf0;
    border-radius: 6px;
    padding: 6px 8px;
    margin: 6px 0;
  }
  ol.history {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
  }
  ol.history li {
    padding: 5px 0;
    border-top: 1px dashed #e1e5ec;
  }
  .disposition {
    font-weight: 600;
  }
  .ivr {
    font-size: 13px;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(4, 1fr);
    gap: 6px;
    text-align: center;
  }
  .figures strong {
    display: block;
    font-size: 18px;
    font-variant-numeric: tabular-nums;
  }
  .error {
    background: #ffe1dc;
    color: #8a2414;
    padding: 6px 12px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  ul.plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.plain li {
    padding: 3px 0;
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
  }
`;
