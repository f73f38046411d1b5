package certs_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
)

// checkRefusal fails unless err is nil or an *client.APIError of code that
// does not quote secret (when it is long enough to tell).
func checkRefusal(t *testing.T, err error, code, secret string) {
	t.Helper()
	if err == nil {
		return
	}
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.Code != code && !strings.HasPrefix(ae.Code, code+".") && !strings.HasPrefix(ae.Code, "InvalidParameterValue.") {
		t.Fatalf("not an InvalidParameterValue *client.APIError: %#v", err)
	}
	if len(secret) >= 16 && strings.Contains(err.Error(), secret) {
		t.Fatalf("the error quotes the secret: %v", err)
	}
}

// FuzzInspectP12 opens untrusted .p12 files (seeds in
// testdata/fuzz/FuzzInspectP12: files of every encoder, a certificate-only
// and a key-only file, and one asking for 3 000 000 iterations): it never
// panics, refuses with InvalidParameterValue codes that never quote the
// password, and never takes long, whatever iteration counts a file asks.
func FuzzInspectP12(f *testing.F) {
	f.Fuzz(func(t *testing.T, p12 []byte, password string) {
		start := time.Now()
		info, err := certs.InspectP12(p12, password, time.Time{})
		checkRefusal(t, err, "InvalidParameterValue.P12", password)
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Fatalf("InspectP12 took %s", elapsed)
		}
		if err == nil && info.BundleID == "" {
			t.Fatal("accepted without a bundle ID")
		}
	})
}

// FuzzInspectServiceAccount checks untrusted FCM service-account JSON
// (seeds in testdata/fuzz/FuzzInspectServiceAccount): no panic, only
// InvalidParameterValue.ServiceAccountJson, and the private key is never
// quoted.
func FuzzInspectServiceAccount(f *testing.F) {
	f.Fuzz(func(t *testing.T, doc []byte) { checkServiceAccount(t, doc, certs.InspectServiceAccount) })
}

// checkServiceAccount inspects doc and fails t unless it is accepted or
// refused with InvalidParameterValue.ServiceAccountJson without quoting
// its private key.
func checkServiceAccount(t *testing.T, doc []byte, inspect func([]byte) (*certs.ServiceAccountInfo, error)) {
	t.Helper()
	_, err := inspect(doc)
	var fields struct {
		PrivateKey string `json:"private_key"`
	}
	_ = json.Unmarshal(doc, &fields)
	checkRefusal(t, err, "InvalidParameterValue.ServiceAccountJson", fields.PrivateKey)
}

// FuzzInspectHarmonyServiceAccount checks untrusted HarmonyOS
// service-account JSON (seeds in
// testdata/fuzz/FuzzInspectHarmonyServiceAccount: a valid key file, one
// with an EC key, one whose key is over MaxServiceAccountKeyBytes, an
// FCM-shaped one, and broken ones: truncated, deep, wrong types): no
// panic, only InvalidParameterValue.ServiceAccountJson, and the private
// key is never quoted.
func FuzzInspectHarmonyServiceAccount(f *testing.F) {
	f.Fuzz(func(t *testing.T, doc []byte) { checkServiceAccount(t, doc, certs.InspectHarmonyServiceAccount) })
}

// FuzzP8Key checks untrusted APNs .p8 keys through the request validation
// that parses them (seeds in testdata/fuzz/FuzzP8Key): no panic, only
// InvalidParameterValue.P8Key, and the key is never quoted.
func FuzzP8Key(f *testing.F) {
	f.Fuzz(func(t *testing.T, key string) {
		if key == "" {
			return // nothing to change: MissingParameter
		}
		req := certs.UpdateRequest{SDKAppID: 1400000001, CertificateID: 1, Fields: certs.Fields{P8Key: key}}
		checkRefusal(t, req.ValidateAt(time.Now()), "InvalidParameterValue.P8Key", key)
	})
}
