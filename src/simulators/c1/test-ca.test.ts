import assert from "node:assert/strict";
import { once } from "node:events";
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { AddressInfo } from "node:net";
import { describe, it, type TestContext } from "node:test";
import tls from "node:tls";

import { integer, oid, octetString, time } from "./_der.ts";
import { createTestCa } from "./test-ca.ts";

describe("DER encoding", () => {
  it("writes integers minimally, with a leading zero when the top bit is set", () => {
    assert.equal(integer(0n).toString("hex"), "020100");
    assert.equal(integer(127n).toString("hex"), "02017f");
    assert.equal(integer(128n).toString("hex"), "02020080");
    assert.equal(integer(Buffer.from([0, 0, 1, 2])).toString("hex"), "02020102");
  });

  it("packs object identifiers base-128 (X.690 §8.19.5 example and ecdsa-with-SHA256)", () => {
    assert.equal(oid("2.100.3").toString("hex"), "0603813403");
    assert.equal(oid("1.2.840.10045.4.3.2").toString("hex"), "06082a8648ce3d040302");
  });

  it("uses the long length form from 128 bytes", () => {
    assert.equal(octetString(Buffer.alloc(127)).subarray(0, 2).toString("hex"), "047f");
    assert.equal(octetString(Buffer.alloc(128)).subarray(0, 3).toString("hex"), "048180");
    assert.equal(octetString(Buffer.alloc(300)).subarray(0, 4).toString("hex"), "0482012c");
  });

  it("writes UTCTime before 2050 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)", () => {
    assert.equal(time(new Date("2026-03-04T05:06:07.890Z")).toString("latin1"), "\x17\x0d260304050607Z");
    assert.equal(time(new Date("2050-01-01T00:00:00Z")).toString("latin1"), "\x18\x0f20500101000000Z");
  });
});

async function tlsServer(t: TestContext, ca: ReturnType<typeof createTestCa>): Promise<number> {
  const server = tls.createServer({ cert: ca.certPem, key: ca.keyPem }, (socket) => socket.end("hello over tls"));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

function connect(port: number, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, ...options }, () => {
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (text += chunk));
      socket.on("end", () => resolve(text));
    });
    socket.on("error", reject);
  });
}

describe("the test CA", () => {
  const ca = createTestCa();
  const caCert = new X509Certificate(ca.caPem);
  const serverCert = new X509Certificate(ca.certPem);

  it("is a self-signed ECDSA P-256 CA that may sign certificates", () => {
    assert.equal(caCert.ca, true);
    assert.equal(caCert.subject, caCert.issuer);
    assert.equal(caCert.verify(caCert.publicKey), true);
    assert.equal(caCert.publicKey.asymmetricKeyType, "ec");
    assert.equal(caCert.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.equal(caCert.keyUsage, undefined, "no extended key usage: a CA is not a TLS server");
  });

  it("signs a server certificate for localhost and 127.0.0.1, for server authentication only", () => {
    assert.equal(serverCert.ca, false);
    assert.equal(serverCert.verify(caCert.publicKey), true);
    assert.equal(serverCert.checkIssued(caCert), true);
    assert.equal(serverCert.checkHost("localhost"), "localhost");
    assert.equal(serverCert.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(serverCert.checkHost("example.com"), undefined);
    assert.deepEqual(serverCert.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
    assert.equal(serverCert.subjectAltName, "DNS:localhost, IP Address:127.0.0.1");
    assert.equal(serverCert.checkPrivateKey(createPrivateKey(ca.keyPem)), true);
  });

  it("is valid from an hour ago for 30 days", () => {
    const from = Date.parse(serverCert.validFrom);
    const to = Date.parse(serverCert.validTo);
    assert.ok(from <= Date.now() - 59 * 60_000 && from > Date.now() - 2 * 60 * 60_000);
    assert.equal(Math.round((to - from) / 3_600_000), 30 * 24 + 1);
  });

  it("makes a new CA every time", () => {
    assert.notEqual(createTestCa().caPem, ca.caPem);
  });

  it("lets a TLS client that trusts the CA connect to localhost and to 127.0.0.1", async (t) => {
    const port = await tlsServer(t, ca);
    assert.equal(await connect(port, { ca: [ca.caPem], servername: "localhost" }), "hello over tls");
    assert.equal(await connect(port, { ca: [ca.caPem] }), "hello over tls");
  });

  it("is refused by a client that does not trust the CA, or by one trusting another test CA", async (t) => {
    const port = await tlsServer(t, ca);
    await assert.rejects(connect(port, { servername: "localhost" }), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    await assert.rejects(connect(port, { ca: [createTestCa().caPem], servername: "localhost" }), {
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
  });

  it("is refused for a name the certificate does not carry", async (t) => {
    const port = await tlsServer(t, ca);
    await assert.rejects(connect(port, { ca: [ca.caPem], servername: "tenant.example" }), {
      code: "ERR_TLS_CERT_ALTNAME_INVALID",
    });
  });
});
