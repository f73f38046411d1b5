package tc3

// CanonicalRequest returns r's canonical request, the text whose SHA-256
// the string to sign carries, so the tests can check each step of
// Tencent's vectors.
func CanonicalRequest(r *Request) string { return string(appendCanonical(nil, r)) }

// StringToSign returns r's string to sign in s's credential scope.
func (s *Signer) StringToSign(r *Request) string {
	dm := s.sign(r)
	defer s.macs.Put(dm)
	return string(dm.buf)
}
