package imtest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
)

// secretResponse, the answer of DescribeIMAppSecret, prints as a Secret does:
// every fmt verb, nested or not, and log/slog show no key. Only its JSON
// encoding, which the server sends, carries them.
func TestSecretResponsePrintsNoKey(t *testing.T) {
	t.Parallel()
	for _, resp := range []secretResponse{
		{SignatureAlgorithm: apps.AlgorithmHMACSHA256, Key: "hmac-key-0123456789abcdef"},
		{SignatureAlgorithm: apps.AlgorithmECDSASHA256, PrivateKey: "private-pem-0123456789", PublicKey: "public-pem-0123456789"},
	} {
		t.Run(string(resp.SignatureAlgorithm), func(t *testing.T) {
			t.Parallel()
			type holder struct {
				Resp    secretResponse
				Pointer *secretResponse
				Any     any
			}
			nested := map[string][]holder{"apps": {{Resp: resp, Pointer: &resp, Any: []any{resp, map[string]any{"deep": &resp}}}}}
			var out bytes.Buffer
			for _, v := range []any{resp, &resp, nested} {
				for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
					fmt.Fprintf(&out, verb+"\n", v)
				}
			}
			out.WriteString(resp.String() + resp.GoString()) // fmt calls Format instead
			slog.New(slog.NewTextHandler(&out, nil)).Info("secret", "resp", resp, "nested", nested)
			slog.New(slog.NewJSONHandler(&out, nil)).Info("secret", "resp", resp, "ptr", &resp)
			for _, k := range []string{resp.Key, resp.PrivateKey, resp.PublicKey} {
				if k != "" {
					assert.NotContains(t, out.String(), k)
				}
			}
			assert.Contains(t, out.String(), string(resp.SignatureAlgorithm))
			wire, err := json.Marshal(resp)
			require.NoError(t, err)
			assert.Contains(t, string(wire), cmp.Or(resp.Key, resp.PrivateKey), "the wire form carries the keys")
		})
	}
}

// The answer carries the key in clear, in the fields of an apps.Secret.
func TestSecretResponseCarriesTheKey(t *testing.T) {
	t.Parallel()
	wire, err := json.Marshal(secretResponse{SignatureAlgorithm: apps.AlgorithmHMACSHA256, Key: "k"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"SignatureAlgorithm":"HMAC-SHA256","Key":"k"}`, string(wire), "the wire form carries the key")
}
