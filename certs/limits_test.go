package certs_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
)

// testdata/mac-3m-iterations.p12 is a PFX whose MAC asks for 3 000 000
// PBKDF iterations and that holds nothing else (built with encoding/asn1):
// go-pkcs12 spends over 2 s refusing it for a wrong password.

func TestInspectP12RefusesHighIterationCounts(t *testing.T) {
	t.Parallel()
	cert, key, err := certstest.APNsCertificate("com.example.chat", certs.EnvironmentProduction, time.Now().Add(time.Hour))
	require.NoError(t, err)
	encode := func(enc *pkcs12.Encoder) []byte {
		b, err := enc.Encode(key, cert, nil, "pw")
		require.NoError(t, err)
		return b
	}
	hostile, err := os.ReadFile("testdata/mac-3m-iterations.p12")
	require.NoError(t, err)
	cases := []struct {
		name     string
		p12      []byte
		password string
		refused  bool
	}{
		{"MAC asks for 3 000 000, wrong password", hostile, "wrong", true},
		{"PBES2 and PBKDF2 MAC at the cap", encode(pkcs12.Modern.WithIterations(certs.MaxP12Iterations)), "pw", false},
		{"PBES2 and PBKDF2 MAC over the cap", encode(pkcs12.Modern.WithIterations(certs.MaxP12Iterations + 1)), "pw", true},
		{"PKCS#12 3DES over the cap", encode(pkcs12.LegacyDES.WithIterations(certs.MaxP12Iterations + 1)), "pw", true},
		{"PKCS#12 RC2 over the cap", encode(pkcs12.LegacyRC2.WithIterations(certs.MaxP12Iterations + 1)), "pw", true},
		{"OpenSSL's default 2 048", encode(pkcs12.Modern), "pw", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			info, err := certs.InspectP12(tc.p12, tc.password, time.Now())
			if !tc.refused {
				require.NoError(t, err)
				assert.Equal(t, "com.example.chat", info.BundleID)
				return
			}
			assert.Less(t, time.Since(start), time.Second, "refused before any key derivation")
			assert.True(t, client.HasCode(err, "InvalidParameterValue.P12"), "%v", err)
			assert.Contains(t, err.Error(), "iterations")
		})
	}
}

func TestInspectServiceAccountRefusesOversizedKeys(t *testing.T) {
	t.Parallel()
	doc, err := certstest.ServiceAccountJSON(map[string]any{
		"type": "service_account", "project_id": "demo", "client_email": "a@demo.iam.gserviceaccount.com",
		"private_key": "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("A", certs.MaxServiceAccountKeyBytes) + "\n-----END PRIVATE KEY-----\n",
	})
	require.NoError(t, err)
	_, err = certs.InspectServiceAccount(doc)
	assert.True(t, client.HasCode(err, "InvalidParameterValue.ServiceAccountJson"), "%v", err)
	assert.Contains(t, err.Error(), "bytes, more than")
}
