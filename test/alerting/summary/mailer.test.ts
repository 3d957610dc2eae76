/** Sending through a real SMTP conversation with an in-process server that requires AUTH. */
import { createMailer, type SmtpSettings, transportOptions } from '../../../alerting/summary/mailer';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp-server';

const credentials = { user: 'mailer', password: 's3cret' };
const content = { subject: 'Test <subject>', text: 'Plain body\n', html: '<p>&lt;b&gt;</p>' };
const envelope = { from: 'Clicky Alerts <alerts@clicky.test>', to: ['ops@clicky.test', 'lead@clicky.test'] };
const settings = (port: number, overrides: Partial<SmtpSettings> = {}): SmtpSettings => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  ...credentials,
  timeoutMs: 5000,
  ...overrides,
});

describe('transportOptions', () => {
  it.each([
    ['starttls', { secure: false, requireTLS: true, ignoreTLS: false }],
    ['tls', { secure: true, requireTLS: false, ignoreTLS: false }],
    ['none', { secure: false, requireTLS: false, ignoreTLS: true }],
  ] as const)('%s', (security, expected) => {
    expect(transportOptions(settings(587, { security }))).toMatchObject({
      port: 587,
      ...expected,
      auth: { user: 'mailer', pass: 's3cret' },
    });
  });

  it('does not authenticate without a user', () => {
    expect(transportOptions(settings(25, { user: undefined, password: undefined })).auth).toBeUndefined();
  });
});

describe('createMailer', () => {
  let server: TestSmtpServer;
  afterEach(() => server?.stop());

  it('sends the text and HTML bodies to every recipient, authenticated', async () => {
    server = await startSmtpServer(credentials);
    const sent = await createMailer(settings(server.port)).send(envelope, content);
    expect(sent).toEqual({ messageId: expect.stringMatching(/^<.+@.+>$/), rejected: 0 });
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail?.envelope).toEqual({
      from: 'alerts@clicky.test',
      to: ['ops@clicky.test', 'lead@clicky.test'],
    });
    expect(mail?.user).toBe('mailer');
    expect(mail?.headers).toMatchObject({
      from: 'Clicky Alerts <alerts@clicky.test>',
      to: 'ops@clicky.test, lead@clicky.test',
      subject: 'Test <subject>',
    });
    expect(mail?.text).toBe('Plain body\n');
    expect(mail?.html).toBe('<p>&lt;b&gt;</p>');
  });

  it('fails on wrong credentials', async () => {
    server = await startSmtpServer(credentials);
    await expect(
      createMailer(settings(server.port, { password: 'wrong' })).send(envelope, content),
    ).rejects.toThrow(/Invalid username or password/);
    expect(server.received).toEqual([]);
  });

  it('never falls back to plain text when STARTTLS is required and not offered', async () => {
    server = await startSmtpServer(credentials, { hideSTARTTLS: true, disabledCommands: ['STARTTLS'] });
    await expect(
      createMailer(settings(server.port, { security: 'starttls' })).send(envelope, content),
    ).rejects.toThrow(/STARTTLS/);
    expect(server.received).toEqual([]);
  });

  it('verifies the server certificate under STARTTLS', async () => {
    server = await startSmtpServer(credentials); // offers STARTTLS with its built-in test certificate
    await expect(
      createMailer(settings(server.port, { security: 'starttls' })).send(envelope, content),
    ).rejects.toThrow(/certificate/);
    expect(server.received).toEqual([]);
  });

  it('reports recipients the relay refused while it accepted the others', async () => {
    server = await startSmtpServer(credentials, {
      onRcptTo: (address, _session, callback) =>
        callback(address.address.startsWith('lead') ? new Error('No such user') : undefined),
    });
    const sent = await createMailer(settings(server.port)).send(envelope, content);
    expect(sent.rejected).toBe(1);
    expect(server.received[0]?.envelope.to).toEqual(['ops@clicky.test']);
  });
});
