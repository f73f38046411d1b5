package usersig

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// stateHash is a SHA-256 whose state can be saved and restored, as
// crypto/sha256's is.
type stateHash interface {
	hash.Hash
	AppendBinary(b []byte) ([]byte, error)
	UnmarshalBinary(b []byte) error
}

const (
	shaBlock = sha256.BlockSize
	// shaStateLen is the length of a marshaled crypto/sha256 state: the
	// magic "sha\x03", the eight chaining words (big-endian), a block
	// buffer and the length. The chaining words of a state that has
	// taken whole padded blocks are the hash.
	shaStateLen = 4 + sha256.Size + shaBlock + 8
	// hmacPadRoom is the capacity keyedHMAC.sum needs past the message
	// for its padding: 0x80, up to 63 zeros, the 8-byte length.
	hmacPadRoom = 1 + shaBlock - 1 + 8
)

// keyedHMAC computes HMAC-SHA256 under one key. It restores the SHA-256
// states that follow the key's inner and outer pad blocks, pads the
// message itself so that the hash only ever takes whole blocks, and reads
// each result from the saved state. That is the compression work of
// crypto/hmac without the copies and padding logic of its Reset and Sum.
// On CPUs with the SHA extensions it runs the whole HMAC in one call
// (hmacBlocks) from the chaining values of the pad blocks. It falls back
// to crypto/hmac when crypto/sha256's saved state does not have the layout
// read here. It is not safe for concurrent use.
type keyedHMAC struct {
	key          *hmacKey
	inner, outer stateHash
	state        [shaStateLen]byte // AppendBinary's buffer
	outerBlock   [shaBlock]byte    // inner hash, padding, length
	std          hash.Hash         // crypto/hmac, in place of the above
}

// hmacKey is a key's pad-block states, computed once per key and shared by
// the pooled keyedHMACs.
type hmacKey struct {
	key        []byte
	ipad, opad []byte
	stdOnly    bool
	// vector: sum runs hmacBlocks from pads, the chaining values of the
	// saved states, not crypto/sha256 on the states.
	vector bool
	pads   [16]uint32
}

func newHMACKey(key []byte) *hmacKey {
	k := &hmacKey{key: key}
	inner, okI := sha256.New().(stateHash)
	outer, okO := sha256.New().(stateHash)
	if !okI || !okO || !stateLayoutKnown() {
		k.stdOnly = true
		return k
	}
	if len(key) > shaBlock {
		sum := sha256.Sum256(key)
		key = sum[:]
	}
	var ip, op [shaBlock]byte
	copy(ip[:], key)
	copy(op[:], key)
	for i := range ip {
		ip[i] ^= 0x36
		op[i] ^= 0x5c
	}
	inner.Write(ip[:])
	outer.Write(op[:])
	k.ipad, _ = inner.AppendBinary(nil)
	k.opad, _ = outer.AppendBinary(nil)
	// Each as words f, e, b, a, h, g, d, c.
	for i, w := range [8]int{5, 4, 1, 0, 7, 6, 3, 2} {
		k.pads[i] = binary.BigEndian.Uint32(k.ipad[4+4*w:])
		k.pads[8+i] = binary.BigEndian.Uint32(k.opad[4+4*w:])
	}
	k.vector = haveSHANI
	return k
}

// stateLayoutKnown reports whether crypto/sha256 saves its state with the
// chaining words at bytes 4-35, checked on the hash of one padded block.
func stateLayoutKnown() bool {
	h, ok := sha256.New().(stateHash)
	if !ok {
		return false
	}
	var block [shaBlock]byte
	copy(block[:], "abc")
	block[3] = 0x80
	block[shaBlock-1] = 3 * 8
	h.Write(block[:])
	st, err := h.AppendBinary(nil)
	want := sha256.Sum256([]byte("abc"))
	return err == nil && len(st) == shaStateLen && string(st[:4]) == "sha\x03" && bytes.Equal(st[4:4+sha256.Size], want[:])
}

// newKeyedHMAC returns a keyedHMAC for k.
func (k *hmacKey) newKeyedHMAC() *keyedHMAC {
	if k.stdOnly {
		return &keyedHMAC{std: hmac.New(sha256.New, k.key)}
	}
	m := &keyedHMAC{key: k}
	if !k.vector {
		m.inner = sha256.New().(stateHash)
		m.outer = sha256.New().(stateHash)
	}
	m.outerBlock[sha256.Size] = 0x80
	binary.BigEndian.PutUint64(m.outerBlock[shaBlock-8:], (shaBlock+sha256.Size)*8)
	return m
}

// sum writes the HMAC of msg to dst. It pads msg in place past its length,
// growing it when its capacity is short of len(msg)+hmacPadRoom, and
// returns the buffer, for reuse; msg's own bytes are left as they are.
func (m *keyedHMAC) sum(dst *[sha256.Size]byte, msg []byte) []byte {
	if m.std != nil {
		m.std.Reset()
		m.std.Write(msg)
		m.std.Sum(dst[:0])
		return msg
	}
	n := len(msg)
	if cap(msg)-n < hmacPadRoom {
		msg = append(msg, make([]byte, hmacPadRoom)...)[:n]
	}
	// The padded inner message after the pad block: msg, 0x80, zeros,
	// and the bit length of pad block and msg, in whole blocks.
	end := (shaBlock+n+1+8+shaBlock-1)/shaBlock*shaBlock - shaBlock
	p := msg[:end]
	p[n] = 0x80
	clear(p[n+1 : end-8])
	binary.BigEndian.PutUint64(p[end-8:], uint64(shaBlock+n)*8)
	if m.key.vector && hmacBlocks(&m.key.pads, p, dst) {
		return msg[:n]
	}
	// Restoring a state that this package's crypto/sha256 saved cannot
	// fail, and neither can saving one.
	_ = m.inner.UnmarshalBinary(m.key.ipad)
	m.inner.Write(p)
	st, _ := m.inner.AppendBinary(m.state[:0])
	copy(m.outerBlock[:sha256.Size], st[4:])
	_ = m.outer.UnmarshalBinary(m.key.opad)
	m.outer.Write(m.outerBlock[:])
	st, _ = m.outer.AppendBinary(m.state[:0])
	copy(dst[:], st[4:])
	return msg[:n]
}
