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
