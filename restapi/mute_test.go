package restapi_test

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
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

// TestMuteSeconds: durations become whole seconds rounded up, capped at
// MutedForever (4294967295, Tencent's permanent); math.MaxInt64, a common
// "forever", must not wrap to a finite mute.
func TestMuteSeconds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d    time.Duration
		want uint32
	}{
		{-time.Second, 0},
		{0, 0},
		{time.Nanosecond, 1},
		{time.Second, 1},
		{1500 * time.Millisecond, 2},
		{restapi.MuteForever - time.Second, restapi.MutedForever - 1},
		{restapi.MuteForever, restapi.MutedForever},
		{restapi.MuteForever + time.Nanosecond, restapi.MutedForever},
		{math.MaxInt64, restapi.MutedForever},
		{math.MaxInt64 - time.Second + 1, restapi.MutedForever},
	} {
		assert.Equal(t, c.want, *restapi.MuteSeconds(c.d), "MuteSeconds(%d)", int64(c.d))
		assert.Equal(t, c.want, restapi.BanSeconds(c.d), "BanSeconds(%d)", int64(c.d))
	}
}

// TestMuteCodes: Mute.Set and Mute.Get fail with the codes of their pages
// (CN 4230: 130004 "没有 Set_Account 字段", 130005 "Set_Account 字段无效",
// 130008 neither time; a 2017 copy of CN 4229: 130002 "没有Get_Account字段",
// 130003 for an invalid Get_Account), as ErrInvalidRequest, and 70107 for
// an account never imported.
func TestMuteCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	minute := restapi.MuteSeconds(time.Minute)
	long := strings.Repeat("a", 33)
	for _, tc := range []struct {
		name string
		call func() error
		code int
	}{
		{"set without Set_Account", func() error { return f.rc.Mute.Set(ctx, &restapi.MuteRequest{C2CMsgNoSpeakingTime: minute}) }, 130004},
		{"set of a Set_Account over 32 bytes", func() error {
			return f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: long, C2CMsgNoSpeakingTime: minute})
		}, 130005},
		{"set without a time", func() error { return f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice"}) }, 130008},
		{"set of nil", func() error { return f.rc.Mute.Set(ctx, nil) }, 130004},
		{"set on an account never imported", func() error {
			return f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "ghost", C2CMsgNoSpeakingTime: minute})
		}, restapi.CodeNotImported},
		{"get without Get_Account", func() error { _, err := f.rc.Mute.Get(ctx, ""); return err }, 130002},
		{"get of a Get_Account with a control character", func() error { _, err := f.rc.Mute.Get(ctx, "al\nice"); return err }, 130003},
		{"get of an account never imported", func() error { _, err := f.rc.Mute.Get(ctx, "ghost"); return err }, restapi.CodeNotImported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.call()
			assert.True(t, restapi.HasCode(err, tc.code), "%v, want %d", err, tc.code)
			if tc.code != restapi.CodeNotImported {
				assert.ErrorIs(t, err, restapi.ErrInvalidRequest)
			}
		})
	}
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
	for body, wantErr := range map[string]string{
		`{"ErrorCode":0,"C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7200}`: "",
		`{"ErrorCode":70107,"ErrorInfo":"not imported"}`:                                  "70107",
		`{"C2CmsgNospeakingTime":1}`:                                                      "check the base URL",
	} {
		c := stubClient(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }, restapi.WithoutRetries())
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
