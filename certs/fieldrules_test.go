package certs_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
)

// TestChannelIDLengthCountsCharacters: docs/protocol.md gives ChannelId as
// 1-128 characters, so a channel named in Chinese fits by its characters,
// not its UTF-8 bytes.
func TestChannelIDLengthCountsCharacters(t *testing.T) {
	t.Parallel()
	oppo := func(channel string) certs.OPPO {
		return certs.OPPO{PackageName: "com.example.chat", AppKey: "oppokey", MasterSecret: "oppo-master", ChannelID: channel}
	}
	cases := []struct {
		name    string
		channel string
		code    string // "" when accepted
	}{
		{"128 ASCII characters", strings.Repeat("c", 128), ""},
		{"128 Chinese characters, 384 bytes", strings.Repeat("消", 128), ""},
		{"129 ASCII characters", strings.Repeat("c", 129), "InvalidParameterValue.ChannelId"},
		{"129 Chinese characters", strings.Repeat("消", 129), "InvalidParameterValue.ChannelId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			got, err := console.Certs.CreateAndroid(t.Context(), id, oppo(tc.channel), certs.ClickAction{})
			if tc.code == "" {
				require.NoError(t, err)
				require.Equal(t, tc.channel, got.ChannelID)
				return
			}
			local := requireLocal(t, srv, 0, err, tc.code)
			requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, oppo(tc.channel), certs.ClickAction{}), local)
		})
	}
}

// TestUpdateKeepsOnlyMaskedSecrets: docs/protocol.md keeps the stored value
// for an empty field or a secret equal to Masked; a public field (never
// masked in responses) set to "******" is a new value like any other, as
// CreatePushCertificate takes it.
func TestUpdateKeepsOnlyMaskedSecrets(t *testing.T) {
	t.Parallel()
	oppo := certs.OPPO{PackageName: "com.example.chat", AppKey: "oppokey", MasterSecret: "oppo-master", ChannelID: "im"}
	cases := []struct {
		name       string
		update     certs.OPPO
		wantKey    string
		wantSecret string
	}{
		{"a masked secret is kept", certs.OPPO{MasterSecret: certs.Masked}, "oppokey", "oppo-master"},
		{"a public field of asterisks is set", certs.OPPO{AppKey: certs.Masked}, certs.Masked, "oppo-master"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			created, err := console.Certs.CreateAndroid(t.Context(), id, oppo, certs.ClickAction{})
			require.NoError(t, err)
			got, err := console.Certs.Update(t.Context(), id, created.CertificateID, certs.Update{Credential: tc.update})
			require.NoError(t, err)
			require.Equal(t, tc.wantKey, got.AppKey)
			stored, ok := srv.PushCertificateFields(id, created.CertificateID)
			require.True(t, ok)
			require.Equal(t, tc.wantKey, stored.AppKey)
			require.Equal(t, tc.wantSecret, stored.MasterSecret)
		})
	}
}
