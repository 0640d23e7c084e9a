import { permanent, retryable, type ConnectorError } from '@flowline/connector-sdk';

interface SmtpFailure {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly message?: unknown;
}

/**
 * Maps a nodemailer failure to a ConnectorError. SMTP itself says what is worth retrying: 4xx
 * replies are transient, 5xx permanent (RFC 5321 §4.2.1); sockets, DNS and timeouts are retryable;
 * failed logins and TLS problems are configuration, so permanent.
 */
export function toSmtpError(thrown: unknown, where: string): ConnectorError {
  const failure: SmtpFailure = typeof thrown === 'object' && thrown !== null ? thrown : {};
  const code = typeof failure.code === 'string' ? failure.code : 'UNKNOWN';
  const reply = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const text = typeof failure.message === 'string' ? failure.message : String(thrown);
  const options = { cause: thrown, details: { smtpCode: code, ...(reply ? { responseCode: reply } : {}) } };
  const message = `${where}: ${text}`;

  if (reply !== undefined && reply >= 400 && reply < 500)
    return retryable('SMTP_TEMPORARY_FAILURE', message, options);
  if (code === 'EAUTH' || code === 'ENOAUTH') return permanent('SMTP_AUTH_FAILED', message, options);
  if (code === 'ETLS' || code === 'EREQUIRETLS') return permanent('TLS_ERROR', message, options);
  if (code === 'ETIMEDOUT') return retryable('TIMEOUT', message, options);
  if (reply !== undefined && reply >= 500) {
    const rejected = code === 'EENVELOPE' ? 'SMTP_RECIPIENT_REJECTED' : 'SMTP_REJECTED';
    return permanent(rejected, message, options);
  }
  if (/certificate|self[- ]signed/i.test(text)) return permanent('TLS_ERROR', message, options);
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS' || code === 'EPROTOCOL') {
    return retryable('NETWORK_ERROR', message, options);
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return permanent('SMTP_REJECTED', message, options);
  return retryable('NETWORK_ERROR', message, options);
}
