package usersig_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/imconsole/imconsole/usersig"
)

// The README example app of the official libraries.
const (
	sdkAppID  = 1400000000
	secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
)

// fixedClock pins the examples' time to 2023-11-14T22:13:20Z so their
// output is stable; real code leaves the default clock.
func fixedClock() time.Time { return time.Unix(1700000000, 0) }

// Sign a UserSig when a user logs in: the client passes it to the IM or
// TRTC SDK's login call. Create the Signer once and share it.
func Example() {
	signer, err := usersig.NewHMACSigner(sdkAppID, secretKey, usersig.WithClock(fixedClock))
	if err != nil {
		panic(err)
	}
	sig, err := signer.Sign("xiaojun", 180*24*time.Hour)
	if err != nil {
		panic(err)
	}
	// Byte for byte what the official Go library returns at that time.
	fmt.Println(sig)

	tok, alg, err := usersig.Decode(sig)
	if err != nil {
		panic(err)
	}
	fmt.Println(alg, tok.SDKAppID, tok.UserID, tok.ExpiresAt().UTC().Format(time.RFC3339))
	// Output:
	// eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_
	// HMAC-SHA256 1400000000 xiaojun 2024-05-12T22:13:20Z
}

// Verify UserSigs in an HTTP handler, mapping each failure to a status and
// the Tencent error code clients know.
func ExampleVerifier_VerifyAt() {
	verifier, err := usersig.NewHMACVerifier(sdkAppID, secretKey)
	if err != nil {
		panic(err)
	}
	now := fixedClock // time.Now in real code
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, err := verifier.VerifyAt(r.Header.Get("X-UserSig"), r.Header.Get("X-User"), now())
		switch {
		case err == nil:
			fmt.Fprintf(w, "hello %s, valid until %s", tok.UserID, tok.ExpiresAt().UTC().Format(time.DateOnly))
		case errors.Is(err, usersig.ErrExpired):
			http.Error(w, "70001 UserSig expired", http.StatusUnauthorized)
		case errors.Is(err, usersig.ErrUserIDMismatch):
			http.Error(w, "70013 UserSig issued to another user", http.StatusUnauthorized)
		case errors.Is(err, usersig.ErrSDKAppIDMismatch):
			http.Error(w, "70014 UserSig of another app", http.StatusUnauthorized)
		case errors.Is(err, usersig.ErrMalformed):
			http.Error(w, "70003 malformed UserSig", http.StatusBadRequest)
		default: // ErrSignature, ErrAlgorithm, ErrUserBufMismatch
			http.Error(w, "70009 invalid UserSig", http.StatusUnauthorized)
		}
	})

	signer, _ := usersig.NewHMACSigner(sdkAppID, secretKey, usersig.WithClock(fixedClock))
	fresh, _ := signer.Sign("alice", 24*time.Hour)
	stale, _ := signer.SignToken(usersig.Token{UserID: "alice", IssuedAt: fixedClock().Add(-48 * time.Hour), TTL: 24 * time.Hour})
	for _, c := range []struct{ user, sig string }{{"alice", fresh}, {"alice", stale}, {"bob", fresh}, {"alice", "not-a-usersig"}} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("X-User", c.user)
		req.Header.Set("X-UserSig", c.sig)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
		if rec.Code == http.StatusOK {
			fmt.Println()
		}
	}
	// Output:
	// 200 hello alice, valid until 2023-11-15
	// 401 70001 UserSig expired
	// 401 70013 UserSig issued to another user
	// 400 70003 malformed UserSig
}

// Issue a PrivateMapKey that lets a user enter TRTC room "class-42" and
// receive audio and video, and check it as a TRTC-side service would.
func ExampleSigner_SignPrivateMapKey() {
	signer, err := usersig.NewHMACSigner(sdkAppID, secretKey, usersig.WithClock(fixedClock))
	if err != nil {
		panic(err)
	}
	room := usersig.PrivateMap{
		RoomStr:    "class-42",
		Privileges: usersig.PrivEnterRoom | usersig.PrivRecvAudio | usersig.PrivRecvVideo,
	}
	key, err := signer.SignPrivateMapKey("xiaojun", 2*time.Hour, room)
	if err != nil {
		panic(err)
	}

	verifier, _ := usersig.NewHMACVerifier(sdkAppID, secretKey)
	tok, info, err := verifier.VerifyPrivateMapKeyAt(key, "xiaojun", fixedClock().Add(time.Hour))
	if err != nil {
		panic(err)
	}
	fmt.Println(tok.UserID, info.RoomStr, uint32(info.Privileges), info.Privileges)
	fmt.Println("may send video:", info.Privileges&usersig.PrivSendVideo != 0)
	fmt.Println("buffer expires:", info.ExpiresAt.UTC().Format(time.RFC3339))
	// Output:
	// xiaojun class-42 42 enter-room|recv-audio|recv-video
	// may send video: false
	// buffer expires: 2023-11-15T00:13:20Z
}

// Migrating from the official libraries: each call has a direct
// counterpart (the package documentation has the full table).
func Example_migration() {
	// tencentyun.GenUserSig(1400000000, key, "xiaojun", 86400)
	signer, _ := usersig.NewHMACSigner(sdkAppID, secretKey, usersig.WithClock(fixedClock))
	sig, _ := signer.Sign("xiaojun", 86400*time.Second)

	// tencentyun.GenUserSigWithBuf(1400000000, key, "xiaojun", 86400, []byte("abc"))
	withBuf, _ := signer.SignToken(usersig.Token{UserID: "xiaojun", TTL: 86400 * time.Second, UserBuf: []byte("abc")})

	// tencentyun.VerifyUserSig(1400000000, key, "xiaojun", sig, now)
	verifier, _ := usersig.NewHMACVerifier(sdkAppID, secretKey)
	_, err := verifier.VerifyAt(sig, "xiaojun", fixedClock())
	fmt.Println("VerifyUserSig:", err)

	// tencentyun.VerifyUserSigWithBuf(1400000000, key, "xiaojun", withBuf, now, []byte("abc"))
	_, err = verifier.VerifyUserBufAt(withBuf, "xiaojun", []byte("abc"), fixedClock())
	fmt.Println("VerifyUserSigWithBuf:", err)

	// tencentyun.ErrIdentifierNotMatch
	_, err = verifier.VerifyAt(sig, "someone else", fixedClock())
	fmt.Println(errors.Is(err, usersig.ErrUserIDMismatch))

	// TLSSigAPI.GenerateUsersigWithExpire(privateKey, 1400000000, "admin", 3600) for a legacy app
	privatePEM, publicPEM, _ := usersig.GenerateECDSAKey() // your app's PEM key pair in real code
	legacy, _ := usersig.NewECDSASigner(sdkAppID, privatePEM)
	ticket, _ := legacy.Sign("admin", time.Hour)

	// TLSSigAPI.VerifyUsersig(publicKey, ticket, 1400000000, "admin")
	legacyVerifier, _ := usersig.NewECDSAVerifier(sdkAppID, publicPEM)
	_, err = legacyVerifier.Verify(ticket, "admin")
	fmt.Println("VerifyUsersig:", err)
	// Output:
	// VerifyUserSig: <nil>
	// VerifyUserSigWithBuf: <nil>
	// true
	// VerifyUsersig: <nil>
}

// Decode a UserSig a customer sent to support, without the key.
func ExampleDecode() {
	sig := "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_"
	tok, alg, err := usersig.Decode(sig)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v app=%d user=%s issued=%s ttl=%v\n", alg, tok.SDKAppID, tok.UserID, tok.IssuedAt.UTC().Format(time.RFC3339), tok.TTL)

	_, _, err = usersig.Decode("eAEArABT%2D3siVExTLn")
	fmt.Println(errors.Is(err, usersig.ErrMalformed))
	// Output:
	// HMAC-SHA256 app=1400000000 user=xiaojun issued=2023-11-14T22:13:20Z ttl=4320h0m0s
	// true
}
