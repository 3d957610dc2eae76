import type { RequestListener } from 'node:http';
import express from 'express';
import request from 'supertest';
import { sendJson } from '../../../lib/http/send-json';

describe('sendJson', () => {
  it('answers exactly as Express res.json() does without ETags: status, headers, bytes', async () => {
    const body = { status: 'ok', text: 'héllo <&> 🔴', n: [1, 2] };
    const viaExpress = express().set('etag', false).disable('x-powered-by');
    viaExpress.get('/', (_req, res) => void res.status(503).json(body));
    const expected = await request(viaExpress).get('/');
    const handler: RequestListener = (_req, res) => sendJson(res, 503, body);
    const actual = await request(handler).get('/');
    const shown = (res: request.Response) => [
      res.status,
      res.headers['content-type'],
      res.headers['content-length'],
      res.text,
    ];
    expect(shown(actual)).toEqual(shown(expected));
  });
});
