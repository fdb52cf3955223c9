/**
 * ARI `RecordingFinished` events of our application as finished recordings
 * for the recording index. Shape: transcripts/ari-samples/RecordingFinished.json
 * (`recording: {name, format, state, target_uri, duration}`, duration in
 * seconds; `timestamp` like `2026-11-23T08:58:40.997+0000`).
 */
import type { FinishedRecording } from '../../app/records/recordings-service.ts';
import type { AriEvent } from '../ari/client.ts';

/** ARI's timestamp (`+0000` offsets included) as epoch ms; `fallback` when unreadable. */
export function ariTime(timestamp: string | undefined, fallback: number): number {
  if (!timestamp) return fallback;
  const iso = timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : fallback;
}

/** The finished recording an event reports, or null. */
export function finishedRecordingOf(event: AriEvent, now: number): FinishedRecording | null {
  if (event.type !== 'RecordingFinished') return null;
  const { recording } = event;
  return {
    name: recording.name,
    format: recording.format,
    targetUri: recording.target_uri,
    durationS: recording.duration ?? 0,
    at: ariTime(event.timestamp, now),
  };
}
