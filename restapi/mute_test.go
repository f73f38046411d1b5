package restapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

func TestMuteCountsDownOnTheServerClock(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")

	got, err := f.rc.Mute.Get(ctx, "alice")
	require.NoError(t, err)
	assert.Equal(t, restapi.MuteStatus{}, got)

	require.NoError(t, f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice", C2CMsgNoSpeakingTime: restapi.MuteSeconds(time.Minute), GroupMsgNoSpeakingTime: restapi.MuteSeconds(90 * time.Second)}))
	f.srv.Advance(20 * time.Second)
	got, err = f.rc.Mute.Get(ctx, "alice")
	require.NoError(t, err)
	assert.Equal(t, restapi.MuteStatus{C2CMsgNoSpeakingTime: 40, GroupMsgNoSpeakingTime: 70}, got)
	assert.Equal(t, "C2C muted 40s, group muted 70s", got.String())
	_, err = f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: hello("hi")})
	assert.NoError(t, err, "REST sendmsg makes no mute check")

	// A nil time is left as it is; MutedForever is permanent.
	forever := restapi.MutedForever
	require.NoError(t, f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice", GroupMsgNoSpeakingTime: &forever}))
	f.srv.Advance(40 * time.Second)
	assert.Equal(t, restapi.MuteStatus{GroupMsgNoSpeakingTime: restapi.MutedForever}, f.srv.Muted(f.id, "alice"))
	assert.Equal(t, "C2C not muted, group muted forever", f.srv.Muted(f.id, "alice").String())

	// 0 lifts.
	require.NoError(t, f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice", GroupMsgNoSpeakingTime: restapi.MuteSeconds(0)}))
	assert.Equal(t, restapi.MuteStatus{}, f.srv.Muted(f.id, "alice"))

	// The wire names are Tencent's.
	b, err := json.Marshal(restapi.MuteRequest{SetAccount: "a", C2CMsgNoSpeakingTime: restapi.MuteSeconds(1500 * time.Millisecond)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Set_Account":"a","C2CmsgNospeakingTime":2}`, string(b))
	assert.Equal(t, restapi.MutedForever, *restapi.MuteSeconds(200 * 365 * 24 * time.Hour))
}

func TestMuteCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	minute := restapi.MuteSeconds(time.Minute)
	runCodeCases(t, nil, []codeCase{
		{"set without Set_Account", func() error { return f.rc.Mute.Set(ctx, &restapi.MuteRequest{C2CMsgNoSpeakingTime: minute}) }, restapi.CodeInvalidParameter},
		{"set without a time", func() error { return f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice"}) }, restapi.CodeInvalidParameter},
		{"set of nil", func() error { return f.rc.Mute.Set(ctx, nil) }, restapi.CodeInvalidParameter},
		{"set on an account never imported", func() error {
			return f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "ghost", C2CMsgNoSpeakingTime: minute})
		}, restapi.CodeNotImported},
		{"get without Get_Account", func() error { _, err := f.rc.Mute.Get(ctx, ""); return err }, restapi.CodeInvalidParameter},
		{"get of an account never imported", func() error { _, err := f.rc.Mute.Get(ctx, "ghost"); return err }, restapi.CodeNotImported},
	})
	err := f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "ghost", C2CMsgNoSpeakingTime: minute})
	assert.ErrorIs(t, err, restapi.ErrAccountNotImported)
	var e *restapi.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, restapi.ServiceOpenConfig, e.Service)
}

// Tencent's sample getnospeaking answer has no ActionStatus; an answer
// with an ErrorCode is still an answer, and one with neither is not.
func TestAnswerWithoutActionStatus(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(1400000001, "k")
	require.NoError(t, err)
	for body, wantErr := range map[string]string{
		`{"ErrorCode":0,"C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7200}`: "",
		`{"ErrorCode":70107,"ErrorInfo":"not imported"}`:                                  "70107",
		`{"C2CmsgNospeakingTime":1}`:                                                      "check the base URL",
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		t.Cleanup(ts.Close)
		c, err := restapi.New(1400000001, "administrator", signer, restapi.WithBaseURL(ts.URL), restapi.WithoutRetries())
		require.NoError(t, err)
		st, err := c.Mute.Get(t.Context(), "alice")
		if wantErr == "" {
			require.NoError(t, err, body)
			assert.Equal(t, restapi.MuteStatus{C2CMsgNoSpeakingTime: restapi.MutedForever, GroupMsgNoSpeakingTime: 7200}, st)
			continue
		}
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), wantErr, body)
	}
}
