package client_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/testkit"
)

// TestEndpointSecretsAreNotShown: a password or a query value in the
// endpoint (a gateway's access token in front of a self-hosted backend)
// shows neither in the Client's String, whatever the verb, nor in New's
// error about an endpoint it refuses, as errors of calls show neither
// (TestTransportErrorsShowNoQueryValue).
func TestEndpointSecretsAreNotShown(t *testing.T) {
	t.Parallel()
	const password, token = "hunter2-password", "s3cr3t-access-token"
	cases := []struct {
		name, endpoint string
		valid          bool
	}{
		{"a password and a token", "https://ops:" + password + "@im.example.com/?access_token=" + token, true},
		{"a token", "https://im.example.com/?access_token=" + token, true},
		{"a refused scheme with a token", "htps://im.example.com/?access_token=" + token, false},
		{"a refused scheme with a password", "ftp://ops:" + password + "@im.example.com/", false},
		{"no host, with a token", "https:///?access_token=" + token, false},
		{"unparsable, with a password and a token", "https://ops:" + password + "@im.example.com:bad/?access_token=" + token, false},
		{"unparsable, no scheme, with a password", "://ops:" + password + "@im.example.com/", false},
		{"no scheme, with a password", "ops:" + password + "@im.example.com", false},
		{"a colon missing, with a password", "https//ops:" + password + "@im.example.com/", false},
		{"a slash missing, with a password", "https:/ops:" + password + "@im.example.com/", false},
		{"a token under an odd name", "https://im.example.com/?auth[token]=" + token, true},
		{"a bare token", "https://im.example.com/?" + token, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := client.New(client.WithCredentials("AKIDvisible", "key"), client.WithEndpoint(tc.endpoint))
			if !tc.valid {
				require.Error(t, err)
				assert.NotContains(t, err.Error(), token)
				assert.NotContains(t, err.Error(), password)
				assert.Contains(t, err.Error(), "im.example.com", "the error still says which endpoint")
				return
			}
			require.NoError(t, err)
			rendered, _ := testkit.Render(t, c)
			assert.NotContains(t, rendered, token)
			assert.NotContains(t, rendered, password)
			assert.Contains(t, c.String(), "im.example.com")
		})
	}
}
