/**
 * @flowline/connectors/testing — protocol peers for tests outside this package, on 127.0.0.1: a
 * real SMTP server that keeps what it receives (and readers for it), and HTTP peers playing the
 * ServiceNow Table API, Jira REST v3 and a SCIM 2.0 service provider.
 */
export {
  decisionLinksOf,
  decodeQuotedPrintable,
  headerOf,
  startSmtpPeer,
  type ReceivedMail,
  type SmtpPeer,
  type SmtpPeerOptions,
} from './email/smtpPeer';
export { startTableApiPeer } from './servicenow/tableApiPeer';
export { startJiraPeer } from './jira/jiraPeer';
export { startScimPeer, type ScimPeer, type ScimPeerOptions } from './scim/scimPeer';
