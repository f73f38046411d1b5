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

// TestClickActionLengthsCountCharacters: a ClickAction's Url and Intent
// are at most 1024 characters (docs/protocol.md), not 1024 UTF-8 bytes.
func TestClickActionLengthsCountCharacters(t *testing.T) {
	t.Parallel()
	url := func(n int) string {
		return "https://example.com/" + strings.Repeat("新", n-len("https://example.com/"))
	}
	intent := func(n int) string {
		const head, tail = "intent:#Intent;S.q=", ";component=com.example.chat/.ChatActivity;end"
		return head + strings.Repeat("新", n-len(head)-len(tail)) + tail
	}
	huawei := certs.Huawei{PackageName: "com.example.chat", AppID: "10086", AppSecret: "huawei-secret"}
	cases := []struct {
		name  string
		click certs.ClickAction
		code  string // "" when accepted
	}{
		{"Url of 1024 characters", certs.OpenURL(url(1024)), ""},
		{"Url of 1025 characters", certs.OpenURL(url(1025)), "InvalidParameterValue.ClickAction"},
		{"Intent of 1024 characters", certs.OpenIntent(intent(1024)), ""},
		{"Intent of 1025 characters", certs.OpenIntent(intent(1025)), "InvalidParameterValue.ClickAction"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			_, err := console.Certs.CreateAndroid(t.Context(), id, huawei, tc.click)
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			local := requireLocal(t, srv, 0, err, tc.code)
			requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, huawei, tc.click), local)
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
