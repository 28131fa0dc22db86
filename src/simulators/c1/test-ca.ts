/**
 * @module
 * A throw-away certificate authority for the fake ConductorOne: a self-signed CA and a server
 * certificate it signs for `localhost` and `127.0.0.1`, both ECDSA P-256 with SHA-256, made fresh in
 * memory each time. Clients trust it the way a user adds a private CA (`NODE_EXTRA_CA_CERTS`,
 * `SSL_CERT_FILE`, or an explicit `ca` option), so TLS is verified for real in every test.
 *
 * The layout follows RFC 5280 §4.1 (TBSCertificate) and §4.2.1 (extensions).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from "./_der.ts";

/** Object identifiers used below (RFC 5280 §4.2.1, RFC 5758 §3.2, X.520). */
const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
} as const;

/** Validity starts an hour back so a client whose clock runs a little behind still accepts it. */
const BACKDATE_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TestCaOptions {
  /**
   * How long both certificates stay valid.
   * @default 30 (days)
   */
  validDays?: number;
  /** @default new Date() */
  now?: Date;
}

export interface TestCa {
  /** The CA certificate, PEM: what a client trusts. */
  caPem: string;
  /** The server certificate, PEM, for `localhost` and `127.0.0.1`. */
  certPem: string;
  /** The server certificate's private key, PKCS#8 PEM. */
  keyPem: string;
}

interface Extension {
  id: string;
  critical: boolean;
  value: Buffer;
}

function extension({ id, critical, value }: Extension): Buffer {
  // `critical` is DEFAULT FALSE, and DER omits a default value (X.690 §11.5).
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function name(commonName: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8String("idsync test"))),
    set(sequence(oid(OID.commonName), utf8String(commonName))),
  );
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): Buffer {
  // An EC SubjectPublicKeyInfo ends with the BIT STRING of the uncompressed point: 0x04 ‖ X ‖ Y (65 bytes for P-256).
  return createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
}

/** A random positive serial of at most 20 octets (RFC 5280 §4.1.2.2). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes;
}

function certificate(options: {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
}): string {
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, integer(2n)), // v3
    integer(serialNumber()),
    signatureAlgorithm,
    name(options.issuer),
    sequence(time(options.notBefore), time(options.notAfter)),
    name(options.subject),
    options.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...options.extensions.map(extension))),
  );
  // ECDSA signatures come out of node:crypto DER-encoded (Ecdsa-Sig-Value), as X.509 wants them.
  const signature = sign("sha256", tbs, options.signingKey);
  return toPem(sequence(tbs, signatureAlgorithm, bitString(signature)));
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/**
 * Makes a CA and a `localhost`/`127.0.0.1` server certificate signed by it.
 * @example
 * const ca = createTestCa();
 * const server = https.createServer({ cert: ca.certPem, key: ca.keyPem });
 * https.get({ host: "127.0.0.1", ca: [ca.caPem], … });
 */
export function createTestCa(options: TestCaOptions = {}): TestCa {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 30) * DAY_MS);
  const caKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const serverKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const caKeyId = keyIdentifier(caKeys.publicKey.export({ type: "spki", format: "der" }));
  const caName = `idsync test CA ${randomBytes(4).toString("hex")}`;

  const caPem = certificate({
    subject: caName,
    issuer: caName,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      { id: OID.basicConstraints, critical: true, value: sequence(boolean(true)) },
      // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000_0110, the last bit unused.
      { id: OID.keyUsage, critical: true, value: bitString(Buffer.from([0x06]), 1) },
      { id: OID.subjectKeyIdentifier, critical: false, value: octetString(caKeyId) },
    ],
  });

  const certPem = certificate({
    subject: "localhost",
    issuer: caName,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      { id: OID.basicConstraints, critical: true, value: sequence() },
      // digitalSignature (bit 0): enough for ECDHE with an ECDSA key.
      { id: OID.keyUsage, critical: true, value: bitString(Buffer.from([0x80]), 7) },
      { id: OID.extKeyUsage, critical: false, value: sequence(oid(OID.serverAuth)) },
      // GeneralName dNSName is [2] IA5String, iPAddress is [7] OCTET STRING (RFC 5280 §4.2.1.6).
      {
        id: OID.subjectAltName,
        critical: false,
        value: sequence(
          implicitPrimitive(2, Buffer.from("localhost", "ascii")),
          implicitPrimitive(7, Buffer.from([127, 0, 0, 1])),
        ),
      },
      {
        id: OID.subjectKeyIdentifier,
        critical: false,
        value: octetString(keyIdentifier(serverKeys.publicKey.export({ type: "spki", format: "der" }))),
      },
      { id: OID.authorityKeyIdentifier, critical: false, value: sequence(implicitPrimitive(0, caKeyId)) },
    ],
  });

  return { caPem, certPem, keyPem: serverKeys.privateKey.export({ type: "pkcs8", format: "pem" }) as string };
}
