/**
 * Facts about Asterisk 22 that the deployment check compares our files
 * with, read from Asterisk's source: which module provides each dialplan
 * application, which manager.conf class each AMI action and event needs, and
 * what callwright itself sends and reads.
 */

/**
 * Applications built into the core (main/pbx_builtins.c, main/pbx_variables.c):
 * no module to load.
 */
export const CORE_APPLICATIONS: ReadonlySet<string> = new Set(
  [
    'Answer',
    'BackGround',
    'Busy',
    'Congestion',
    'ExecIfTime',
    'Goto',
    'GotoIf',
    'GotoIfTime',
    'Hangup',
    'Incomplete',
    'NoOp',
    'Proceeding',
    'Progress',
    'RaiseException',
    'Ringing',
    'SayAlpha',
    'SayDigits',
    'SayNumber',
    'Set',
    'MSet',
    'Wait',
    'WaitDigit',
    'WaitExten',
  ].map((a) => a.toLowerCase()),
);

/** Application (lower case) -> the module that registers it. */
export const APPLICATION_MODULES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    Stasis: 'app_stasis.so',
    AGI: 'res_agi.so',
    EAGI: 'res_agi.so',
    AMD: 'app_amd.so',
    Dial: 'app_dial.so',
    SendDTMF: 'app_senddtmf.so',
    MixMonitor: 'app_mixmonitor.so',
    StopMixMonitor: 'app_mixmonitor.so',
    Gosub: 'app_stack.so',
    GosubIf: 'app_stack.so',
    Return: 'app_stack.so',
    Playback: 'app_playback.so',
    Echo: 'app_echo.so',
    Verbose: 'app_verbose.so',
    Log: 'app_verbose.so',
    ExecIf: 'app_exec.so',
    Queue: 'app_queue.so',
    VoiceMail: 'app_voicemail.so',
    Read: 'app_read.so',
    Record: 'app_record.so',
    ChanSpy: 'app_chanspy.so',
    ConfBridge: 'app_confbridge.so',
    Transfer: 'app_transfer.so',
    BlindTransfer: 'app_blind_transfer.so',
    Playtones: 'app_playtones.so',
    UserEvent: 'app_userevent.so',
  }).map(([app, module]) => [app.toLowerCase(), module]),
);

/**
 * Modules without which callwright does not work at all, whatever the
 * dialplan uses: ARI and its event socket, FastAGI, the AMI record feeds,
 * SIP, bridges and hold music.
 */
export const ESSENTIAL_MODULES: readonly string[] = [
  'res_http_websocket.so',
  'res_ari.so',
  'res_ari_applications.so',
  'res_ari_bridges.so',
  'res_ari_channels.so',
  'res_ari_endpoints.so',
  'res_ari_events.so',
  'res_ari_playbacks.so',
  'res_ari_recordings.so',
  'res_stasis.so',
  'res_stasis_playback.so',
  'res_stasis_recording.so',
  'app_stasis.so',
  'res_agi.so',
  'cdr_manager.so',
  'cel_manager.so',
  'chan_pjsip.so',
  'res_pjsip.so',
  'bridge_simple.so',
  'bridge_softmix.so',
  'bridge_holding.so',
  'res_musiconhold.so',
];

/**
 * AMI actions callwright sends, with the write classes that allow each one
 * (manager.c process_message(): the user needs ANY of them; `[]` means no
 * class is needed). From main/manager.c, apps/app_senddtmf.c,
 * res/res_manager_devicestate.c and res/res_pjsip/pjsip_options.c
 * (PJSIPShowContacts: the contact each agent phone registered from, which
 * another node rings it at when callwright drives several nodes).
 */
export const AMI_ACTION_CLASSES: ReadonlyMap<string, readonly string[]> = new Map([
  ['Login', []],
  ['Logoff', []],
  ['Ping', []],
  ['Events', []],
  ['Originate', ['originate']],
  ['Hangup', ['system', 'call']],
  ['Redirect', ['call']],
  ['Setvar', ['call']],
  ['Getvar', ['call', 'reporting']],
  ['PlayDTMF', ['call']],
  ['CoreShowChannels', ['system', 'reporting']],
  ['DeviceStateList', ['call', 'reporting']],
  ['PJSIPShowContacts', ['system']],
]);

/**
 * AMI events callwright reads (src/asterisk/ami/ami-event-types.ts), with the
 * class each is sent under. FullyBooted is also sent to every session at
 * login, whatever its classes. VarSet and Newexten (class `dialplan`) are
 * parsed by the client but not needed: on a busy system they are most of the
 * AMI traffic, so the shipped manager.conf leaves that class out.
 */
export const AMI_EVENT_CLASSES: ReadonlyMap<string, string> = new Map([
  ['Newchannel', 'call'],
  ['Newstate', 'call'],
  ['Hangup', 'call'],
  ['HangupRequest', 'call'],
  ['SoftHangupRequest', 'call'],
  ['DialBegin', 'call'],
  ['DialEnd', 'call'],
  ['BridgeCreate', 'call'],
  ['BridgeDestroy', 'call'],
  ['BridgeEnter', 'call'],
  ['BridgeLeave', 'call'],
  ['OriginateResponse', 'call'],
  ['DeviceStateChange', 'call'],
  ['CEL', 'call'],
  ['Cdr', 'cdr'],
  ['AGIExecStart', 'agi'],
  ['AGIExecEnd', 'agi'],
  ['DTMFBegin', 'dtmf'],
  ['DTMFEnd', 'dtmf'],
  ['ContactStatus', 'system'],
]);

/** The manager.conf class names (include/asterisk/manager.h EVENT_FLAG_*). */
export const AMI_CLASSES: ReadonlySet<string> = new Set([
  'system',
  'call',
  'log',
  'verbose',
  'command',
  'agent',
  'user',
  'config',
  'dtmf',
  'reporting',
  'cdr',
  'dialplan',
  'originate',
  'agi',
  'cc',
  'aoc',
  'test',
  'security',
  'message',
  'all',
]);
