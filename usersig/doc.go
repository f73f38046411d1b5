// Package usersig issues and verifies the UserSigs of Tencent Cloud IM and
// TRTC: the login tickets clients present, which an app's admin account
// also uses to sign REST API calls.
//
// It implements both algorithms Tencent has used, byte-compatible with the
// official libraries:
//
//   - HMAC-SHA256 ("TLS.ver" 2.0, tencentyun/tls-sig-api-v2-*), keyed with
//     the app's key (in Tencent's IM web console). Apps created on or after
//     2019-08-15 use it. At the default zlib level, Sign returns exactly
//     what the official Go library returns for the same inputs and time.
//   - Legacy ECDSA-SHA256 (tencentyun/tls-sig-api-*), for apps created
//     before then, with the PEM key pair Tencent issued: P-256 (SEC1 or
//     PKCS#8) or secp256k1 (with or without an "EC PARAMETERS" block, via
//     github.com/decred/dcrd/dcrec/secp256k1/v4).
//
// A PrivateMapKey (TRTC room permission ticket) is a UserSig whose userbuf
// is a PrivateMap buffer; see PrivateMap and Signer.SignPrivateMapKey.
//
// # Signing and verifying
//
// Create one Signer or Verifier per app and share it: they are safe for
// concurrent use, and keep pooled buffers and keyed hashes. HMAC runs on
// crypto/hmac and crypto/sha256, so GODEBUG=fips140=on applies.
//
//	s, err := usersig.NewHMACSigner(1400000000, secretKey)
//	sig, err := s.Sign("alice", 180*24*time.Hour)
//
//	v, err := usersig.NewHMACVerifier(1400000000, secretKey)
//	tok, err := v.Verify(sig, "alice") // errors.Is(err, usersig.ErrExpired), ...
//
// Errors wrap one of ErrMalformed, ErrAlgorithm, ErrSDKAppIDMismatch,
// ErrUserIDMismatch, ErrExpired, ErrUserBufMismatch and ErrSignature, and
// say what to check. They never contain keys or UserSigs, and neither do
// the String forms of signers and verifiers.
//
// # Format
//
// A UserSig is Tencent base64 (standard base64 with '+' '/' '=' replaced
// by '*' '-' '_') of a zlib stream of a JSON document. The HMAC document
// carries TLS.identifier, TLS.sdkappid, TLS.time, TLS.expire, an optional
// TLS.userbuf (standard base64) and TLS.sig, the standard base64 of
//
//	HMAC-SHA256(key, "TLS.identifier:<id>\nTLS.sdkappid:<app>\nTLS.time:<t>\nTLS.expire:<ttl>\n" [+ "TLS.userbuf:<b64>\n"])
//
// The legacy document holds strings only, and TLS.sig is a DER ECDSA
// signature over SHA-256 of a similar string with TLS.appid_at_3rd (when
// present), TLS.account_type, TLS.identifier, TLS.sdk_appid, TLS.time,
// TLS.expire_after and the optional TLS.userbuf.
//
// # Differences from the official libraries
//
// Verification accepts the UserSigs of every official library (any zlib level,
// any JSON field order or spacing, standard base64 as well as Tencent base64,
// legacy tickets with or without TLS.appid_at_3rd, with CR LF in TLS.sig, or
// with high-S signatures). It is stricter where strictness is free:
//
//   - the HMAC is compared in constant time, TLS.sig in canonical base64
//     only (the official Go library also takes CR LF and padding bits);
//   - UserSigs longer than 32 KiB, or inflating to more than 16 KiB, are
//     refused after reading at most one deflate window past the limit;
//   - JSON errors are reported (the official Go library swallows them), and
//     a TLS field given twice or with its name in another case, invalid
//     UTF-8 and bytes after the JSON, the zlib stream or a legacy DER
//     signature are refused, as are TLS.time and TLS.expire outside 0..2^33
//     and a TLS.sdkappid beyond 32 bits;
//   - a UserSig carrying a userbuf does not pass as a plain UserSig: use
//     Verifier.VerifyUserBufAt or Verifier.VerifyPrivateMapKeyAt for those;
//   - a UserSig made with the other algorithm fails with ErrAlgorithm.
//
// Signing refuses what the official Go library turns into UserSigs that
// cannot be verified: an empty UserID, an expiry of zero, an empty non-nil
// userbuf; and UserIDs with control characters or invalid UTF-8, UserIDs
// over 1024 bytes, userbufs over 4096 bytes and PrivateMap expiries after
// 2106 (the official library truncates them to 32 bits). Its clock can be
// set with WithClock and its zlib level with WithCompressionLevel (the
// official library has a global variable). Like the official libraries,
// verification does not refuse an issue time in the future.
//
// # Migrating from the official libraries
//
// From github.com/tencentyun/tls-sig-api-v2-golang/tencentyun (HMAC):
//
//	GenUserSig(app, key, id, expire)                       s, _ := NewHMACSigner(uint64(app), key)
//	                                                       s.Sign(id, time.Duration(expire)*time.Second)
//	GenUserSigWithBuf(app, key, id, expire, buf)           s.SignToken(Token{UserID: id, TTL: ttl, UserBuf: buf})
//	GenPrivateMapKey(app, key, id, expire, room, priv)     s.SignPrivateMapKey(id, ttl, PrivateMap{RoomID: room, Privileges: Privilege(priv)})
//	GenPrivateMapKeyWithStringRoomID(..., roomStr, priv)   s.SignPrivateMapKey(id, ttl, PrivateMap{RoomStr: roomStr, Privileges: Privilege(priv)})
//	VerifyUserSig(app, key, id, sig, now)                  v, _ := NewHMACVerifier(app, key)
//	                                                       v.VerifyAt(sig, id, now)
//	VerifyUserSigWithBuf(app, key, id, sig, now, buf)      v.VerifyUserBufAt(sig, id, buf, now)
//	DefaultCompressionLevel = level                        NewHMACSigner(app, key, WithCompressionLevel(level))
//	ErrSdkAppIDNotMatch, ErrIdentifierNotMatch            ErrSDKAppIDMismatch, ErrUserIDMismatch
//	ErrExpired, ErrSigNotMatch                             ErrExpired, ErrSignature
//	ErrUserBufTypeNotMatch, ErrUserBufNotMatch             ErrUserBufMismatch
//	(undecodable UserSig: a base64, zlib or JSON error)    ErrMalformed
//
// From github.com/tencentyun/tls-sig-api-golang (legacy ECDSA):
//
//	GenerateUsersig(privPEM, app, id)                      s, _ := NewECDSASigner(uint64(app), []byte(privPEM))
//	                                                       s.Sign(id, 180*24*time.Hour)
//	GenerateUsersigWithExpire(privPEM, app, id, expire)    s.Sign(id, time.Duration(expire)*time.Second)
//	GenerateUsersigWithUserbuf(privPEM, app, id, exp, buf) s.SignToken(Token{UserID: id, TTL: ttl, UserBuf: buf})
//	VerifyUsersig(pubPEM, sig, app, id)                    v, _ := NewECDSAVerifier(uint64(app), []byte(pubPEM))
//	                                                       v.Verify(sig, id)
//	VerifyUsersigWithUserbuf(pubPEM, sig, app, id)         tok, err := v.VerifyUserBufAt(sig, id, nil, time.Now()) // tok.UserBuf
//	ErrorIdentifierNotMatch, ErrorAppidNotMatch            ErrUserIDMismatch, ErrSDKAppIDMismatch
//	ErrorExpired, ErrorInvalidSignature                    ErrExpired, ErrSignature
//	ErrorInvalidKeyType                                    an error from NewECDSASigner / NewECDSAVerifier
//
// The command cmd/usersig (usersig gen, verify, decode) wraps this package.
package usersig
