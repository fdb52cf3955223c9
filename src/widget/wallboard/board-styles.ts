/** The wallboard's styles: dark, large and readable across a room; scoped by the shadow root. */
import { css } from 'lit';

export const boardStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    box-sizing: border-box;
    padding: 16px 20px;
    background: #0b1220;
    color: #e8edf6;
    font: 18px/1.35 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    margin-bottom: 12px;
  }
  h1 {
    margin: 0;
    font-size: 28px;
  }
  h2 {
    margin: 18px 0 8px;
    font-size: 20px;
    color: #9fb0cc;
    text-transform: uppercase;
    letter-spacing: 0.05em;
  }
  .clock {
    font-size: 28px;
    font-variant-numeric: tabular-nums;
  }
  .alerts {
    background: #7f1d1d;
    border-radius: 8px;
    padding: 10px 14px;
    font-size: 22px;
    font-weight: 600;
  }
  .alerts p {
    margin: 2px 0;
  }
  .queues {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
    gap: 12px;
  }
  .queue {
    background: #16213a;
    border-radius: 10px;
    padding: 12px 14px;
    border-left: 8px solid #2e7d32;
  }
  .queue.below {
    border-left-color: #e53935;
  }
  .queue h3 {
    margin: 0 0 8px;
    font-size: 24px;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(2, 1fr);
    gap: 6px 14px;
  }
  .figure strong {
    display: block;
    font-size: 40px;
    line-height: 1.1;
    font-variant-numeric: tabular-nums;
  }
  .figure span {
    color: #9fb0cc;
    font-size: 15px;
  }
  .states {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
    gap: 12px;
  }
  .state {
    background: #16213a;
    border-radius: 10px;
    padding: 10px 12px;
  }
  .state h3 {
    margin: 0 0 6px;
    font-size: 18px;
  }
  .state ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .state li {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 3px 0;
    border-top: 1px solid #24314f;
  }
  .state li time {
    font-variant-numeric: tabular-nums;
  }
  .state[data-status='AVAILABLE'] h3 {
    color: #66bb6a;
  }
  .state[data-status='ON_CALL'] h3 {
    color: #64b5f6;
  }
  .state[data-status='RINGING'] h3,
  .state[data-status='RESERVED'] h3 {
    color: #ffd54f;
  }
  .state[data-status='WRAP_UP'] h3 {
    color: #ce93d8;
  }
  .state[data-status='PAUSED'] h3 {
    color: #ff8a65;
  }
  svg {
    width: 100%;
    height: 180px;
    background: #16213a;
    border-radius: 10px;
  }
  svg rect {
    fill: #64b5f6;
  }
  svg text {
    fill: #9fb0cc;
    font-size: 11px;
  }
  .error {
    background: #7f1d1d;
    padding: 6px 10px;
    border-radius: 6px;
  }
  form {
    max-width: 320px;
  }
  label {
    display: block;
    margin: 8px 0 2px;
  }
  input,
  button {
    font: inherit;
    padding: 6px 8px;
  }
  :focus-visible {
    outline: 3px solid #f5a623;
  }
`;
