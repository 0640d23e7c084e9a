/**
 * @flowline/connector-sdk/testing — what a connector's own tests need: run an action exactly as the
 * runtime would, a context for unit-testing `run` directly, a real HTTP peer on 127.0.0.1 to play
 * the remote system, and the shared conformance suite. The SSRF guard stays on here too: tests
 * open loopback explicitly with `network: { allowLoopback: true }`.
 */
export { runAction, type RunActionOptions } from './runAction';
export {
  createTestContext,
  type LogRecord,
  type TestContext,
  type TestContextOverrides,
} from './testContext';
export { startHttpPeer, type HttpPeer, type PeerReply, type PeerRequest, type PeerRoute } from './httpPeer';
export { describeConnectorContract, type ConnectorContractOptions } from './connectorContract';
