import express from 'express';
import request from 'supertest';
import { bearerToken } from '../../../lib/http/bearer-token';

const TOKEN = 's3cr3t-Token_with.chars~+/=';

function guardedApp(token = TOKEN) {
  const app = express();
  app.get('/private', bearerToken(token), (_req, res) => void res.json({ status: 'ok' }));
  return app;
}

describe('bearerToken', () => {
  it('lets a request with the right token through', async () => {
    const res = await request(guardedApp()).get('/private').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('accepts the scheme in any case (RFC 7235)', async () => {
    await request(guardedApp()).get('/private').set('Authorization', `bearer ${TOKEN}`).expect(200);
  });

  it('answers 401 with WWW-Authenticate: Bearer and a JSON reason when the token is missing', async () => {
    const res = await request(guardedApp()).get('/private');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ status: 'error', reason: 'bearer token required' });
  });

  it.each([
    ['a wrong token', `Bearer ${TOKEN}x`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 5)}`],
    ['an empty-looking token', 'Bearer ""'],
  ])('answers 401 invalid_token for %s', async (_what, header) => {
    const res = await request(guardedApp()).get('/private').set('Authorization', header);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.body).toEqual({ status: 'error', reason: 'invalid bearer token' });
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
  });

  it('treats other schemes as no bearer token', async () => {
    const res = await request(guardedApp()).get('/private').set('Authorization', `Basic ${TOKEN}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each(['', 'has space', 'line\nbreak'])('refuses to guard with an unusable token %j', (token) => {
    expect(() => bearerToken(token)).toThrow('not a valid bearer token');
  });
});
