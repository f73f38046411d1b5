package imtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestV4MuteCodes: raw setnospeaking and getnospeaking bodies answer the
// codes of their pages: 130001 "JSON 格式解析失败", 130004 "没有 Set_Account
// 字段", 130005 "Set_Account 字段无效", 130008 "GroupmsgNospeakingTime 和
// C2CmsgNospeakingTime 这两个字段都没有填写" (CN 4230, INTL zh 34923); 130002
// "没有Get_Account字段", 130003 Get_Account "不是String类型" (a 2017 copy of
// CN 4229); 70107 for an account never imported (im-facts.md, public
// codes). A time that is not a uint32 answers 130001 (chosen: the page has
// no code of its own for it, docs/protocol.md).
func TestV4MuteCodes(t *testing.T) {
	t.Parallel()
	const (
		pathSet = "/v4/openconfigsvr/setnospeaking"
		pathGet = "/v4/openconfigsvr/getnospeaking"
	)
	long := strings.Repeat("a", 33)
	for _, tc := range []struct {
		name, path, body string
		code             int
	}{
		{"set: valid", pathSet, `{"Set_Account":"alice","C2CmsgNospeakingTime":60}`, 0},
		{"set: body not JSON", pathSet, `{"Set_Account":`, 130001},
		{"set: body a JSON array", pathSet, `[]`, 130001},
		{"set: a time not a number", pathSet, `{"Set_Account":"alice","C2CmsgNospeakingTime":"60"}`, 130001},
		{"set: a negative time", pathSet, `{"Set_Account":"alice","GroupmsgNospeakingTime":-1}`, 130001},
		{"set: a time over 4294967295", pathSet, `{"Set_Account":"alice","GroupmsgNospeakingTime":4294967296}`, 130001},
		{"set: no Set_Account", pathSet, `{"C2CmsgNospeakingTime":60}`, 130004},
		{"set: an empty Set_Account", pathSet, `{"Set_Account":"","C2CmsgNospeakingTime":60}`, 130004},
		{"set: a Set_Account not a string", pathSet, `{"Set_Account":7,"C2CmsgNospeakingTime":60}`, 130005},
		{"set: a Set_Account over 32 bytes", pathSet, fmt.Sprintf(`{"Set_Account":%q,"C2CmsgNospeakingTime":60}`, long), 130005},
		{"set: no time", pathSet, `{"Set_Account":"alice"}`, 130008},
		{"set: an account never imported", pathSet, `{"Set_Account":"ghost","C2CmsgNospeakingTime":60}`, 70107},
		{"get: valid", pathGet, `{"Get_Account":"alice"}`, 0},
		{"get: body not JSON", pathGet, `not json`, 130001},
		{"get: no Get_Account", pathGet, `{}`, 130002},
		{"get: a Get_Account not a string", pathGet, `{"Get_Account":["alice"]}`, 130003},
		{"get: a Get_Account over 32 bytes", pathGet, fmt.Sprintf(`{"Get_Account":%q}`, long), 130003},
		{"get: an account never imported", pathGet, `{"Get_Account":"ghost"}`, 70107},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t)
			require.NoError(t, a.srv.ImportAccounts(a.id, "alice"))
			assert.NoError(t, v4Answered(a.srv, tc.path, a.query("administrator", a.sig(t, "administrator")), tc.body, tc.code))
		})
	}
}
