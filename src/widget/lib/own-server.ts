/**
 * The callwright a widget talks to when its page names none: the server
 * that served widget.js (so `<script src="https://cw.example/widget.js">`
 * is all a page needs to say where callwright is).
 */
export const OWN_SERVER = new URL(/* @vite-ignore */ '.', import.meta.url).href;
