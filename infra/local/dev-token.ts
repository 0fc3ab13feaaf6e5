import { SignJWT, jwtVerify } from 'jose';

/** HS256 dev tokens for the local stack (API.md "Local stack only"); never used in AWS. */
export async function signDevToken(
  secret: string,
  claims: { dealerId: string; email?: string; sub?: string },
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({ dealerId: claims.dealerId, ...(claims.email ? { email: claims.email } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? `local|${claims.dealerId}`)
    .setIssuer('local-stack')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The claims of a valid token, or undefined for a missing, forged or expired one. */
export async function verifyDevToken(
  secret: string,
  authorization: string | undefined,
): Promise<Record<string, string | number | boolean | string[]> | undefined> {
  const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: 'local-stack',
    });
    // API Gateway hands claims to the function as strings, numbers, booleans or string arrays.
    return Object.fromEntries(
      Object.entries(payload).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value)),
    ) as Record<string, string | number | boolean>;
  } catch {
    return undefined;
  }
}
