/**
 * @flowline/connectors/testing — protocol peers for tests outside this package: a real SMTP
 * server on 127.0.0.1 that keeps what it receives, and readers for what it received.
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
