// Types for the undici file the runner loads directly (see dispatcher.ts): it exports
// the class that the package's index exports as `Agent`.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export = Agent;
}


// The connector factory, from its own file for the same reason (`@http2`'s ALPN connector).
declare module 'undici/lib/core/connect.js' {
  import { buildConnector } from 'undici';
  export = buildConnector;
}
