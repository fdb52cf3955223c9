/**
 * The bundle's entry: defines `<callwright-agent>` (the agent's screen-pop
 * widget) and `<callwright-wallboard>` (the supervisors' wall screen).
 */
import './agent/callwright-agent.ts';
import './wallboard/callwright-wallboard.ts';
