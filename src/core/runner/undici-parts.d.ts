// Types for the undici file the runner loads directly (see dispatcher.ts): it exports
// the class that the package's index exports as `Agent`.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export = Agent;
}

// The connector factory (the package's `buildConnector`), loaded by the Agent anyway.
declare module 'undici/lib/core/connect.js' {
  import { buildConnector } from 'undici';
  export = buildConnector;
}

