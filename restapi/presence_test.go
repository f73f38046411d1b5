package restapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

func TestPresenceQuery(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob", "carol")
	require.NoError(t, f.srv.SetOnline(f.id, "alice", "iPhone", restapi.StatusOnline))
	require.NoError(t, f.srv.SetOnline(f.id, "alice", "Web", restapi.StatusPushOnline))
	require.NoError(t, f.srv.SetOnline(f.id, "bob", "Android", restapi.StatusPushOnline))

	got, err := f.rc.Presence.Query(ctx, "alice", "bob", "carol", "ghost")
	require.NoError(t, err)
	assert.Equal(t, []restapi.UserStatus{
		{ToAccount: "alice", Status: restapi.StatusOnline, Detail: []restapi.PlatformStatus{{"iPhone", restapi.StatusOnline}, {"Web", restapi.StatusPushOnline}}},
		{ToAccount: "bob", Status: restapi.StatusPushOnline, Detail: []restapi.PlatformStatus{{"Android", restapi.StatusPushOnline}}},
		{ToAccount: "carol", Status: restapi.StatusOffline},
	}, got.QueryResult)
	assert.Equal(t, []restapi.AccountError{{ToAccount: "ghost", ErrorCode: restapi.CodeNotImported}}, got.ErrorList)

	// PushOnline lasts 7 days of server time without a new login.
	f.srv.Advance(7 * 24 * time.Hour)
	got, err = f.rc.Presence.Query(ctx, "bob")
	require.NoError(t, err)
	assert.Equal(t, restapi.StatusOffline, got.QueryResult[0].Status)

	// Kick turns every platform Offline.
	require.NoError(t, f.rc.Presence.Kick(ctx, "alice"))
	st, ok := f.srv.Presence(f.id, "alice")
	require.True(t, ok)
	assert.Equal(t, restapi.UserStatus{ToAccount: "alice", Status: restapi.StatusOffline}, st)
}

// TestPresencePlatforms: the Platform constants are the values facts B7
// list ("iPhone", "Android", "Web", "PC", "iPad", "Mac"), and each comes
// back in Detail as it was set.
func TestPresencePlatforms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		platform restapi.Platform
		wire     string
	}{
		{restapi.PlatformIPhone, "iPhone"}, {restapi.PlatformAndroid, "Android"}, {restapi.PlatformWeb, "Web"},
		{restapi.PlatformPC, "PC"}, {restapi.PlatformIPad, "iPad"}, {restapi.PlatformMac, "Mac"},
	} {
		t.Run(tc.wire, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.wire, tc.platform)
			f := newFixture(t, "alice")
			require.NoError(t, f.srv.SetOnline(f.id, "alice", tc.platform, restapi.StatusOnline))
			got, err := f.rc.Presence.Query(t.Context(), "alice")
			require.NoError(t, err)
			require.Len(t, got.QueryResult, 1)
			assert.Equal(t, []restapi.PlatformStatus{{Platform: tc.platform, Status: restapi.StatusOnline}}, got.QueryResult[0].Detail)
		})
	}
}

func TestPresenceQuerySplitsAt500(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	users := ids("u", 1201)
	f := newFixture(t, users[:1000]...)
	require.NoError(t, f.srv.SetOnline(f.id, "u0999", "PC", restapi.StatusOnline))
	got, err := f.rc.Presence.Query(ctx, users...)
	require.NoError(t, err)
	assert.Len(t, f.srv.RequestsFor("openim/query_online_status"), 3)
	require.Len(t, got.QueryResult, 1000)
	assert.Equal(t, "u0999", got.QueryResult[999].ToAccount)
	assert.Equal(t, restapi.StatusOnline, got.QueryResult[999].Status)
	require.Len(t, got.ErrorList, 201)
	assert.Equal(t, "u1200", got.ErrorList[200].ToAccount)

	// A bad UserID in a later chunk: nothing is sent.
	_, err = f.rc.Presence.Query(ctx, append(users[:700:700], "")...)
	assert.True(t, restapi.HasCode(err, restapi.CodeToAccountInvalid), "%v", err)
	assert.Len(t, f.srv.RequestsFor("openim/query_online_status"), 3)
}

func TestPresenceCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	runCodeCases(t, nil, []codeCase{
		{"query of nobody", func() error { _, err := f.rc.Presence.Query(ctx); return err }, restapi.CodeOpenIMInvalidJSON},
		{"query of an invalid UserID", func() error { _, err := f.rc.Presence.Query(ctx, strings.Repeat("u", 33)); return err }, restapi.CodeToAccountInvalid},
		{"kick of an empty UserID", func() error { return f.rc.Presence.Kick(ctx, "") }, restapi.CodeInvalidParameter},
		{"kick of an account never imported", func() error { return f.rc.Presence.Kick(ctx, "ghost") }, restapi.CodeNotImported},
	})
	err := f.rc.Presence.Kick(ctx, "ghost")
	assert.ErrorIs(t, err, restapi.ErrAccountNotImported)

	// More than 500 in one raw request is 90011.
	ids := make([]string, 501)
	for i := range ids {
		ids[i] = fmt.Sprint("u", i)
	}
	err = f.rc.Call(ctx, restapi.ServiceOpenIM, restapi.CommandQueryOnlineStatus, restapi.QueryOnlineStatusRequest{ToAccount: ids}, nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeTooManyRecipients), "%v", err)
}

func TestPresenceLegacyNames(t *testing.T) {
	t.Parallel()
	// querystate answers State; it is read into Status.
	var u restapi.UserStatus
	require.NoError(t, json.Unmarshal([]byte(`{"To_Account":"a","State":"PushOnline","Detail":[{"Platform":"iPhone","Status":"PushOnline"}]}`), &u))
	assert.Equal(t, restapi.StatusPushOnline, u.Status)
	b, err := json.Marshal(u)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "State")

	// kick's legacy Identifier is never sent.
	b, err = json.Marshal(restapi.KickRequest{UserID: "alice"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"UserID":"alice"}`, string(b))

	// The reference server takes Identifier for kick (imtest reads it;
	// the client never decodes a request).
	ctx := t.Context()
	f := newFixture(t, "alice")
	require.NoError(t, f.srv.SetOnline(f.id, "alice", "Mac", restapi.StatusOnline))
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceLogin, restapi.CommandKick, json.RawMessage(`{"Identifier":"alice"}`), nil))
	st, _ := f.srv.Presence(f.id, "alice")
	assert.Equal(t, restapi.StatusOffline, st.Status)
}

// TestPresenceQueryReturnFlags: IsReturnInstid and IsReturnCustomStatus
// (CN 2566's request fields, facts B7) go on the wire under those names,
// and the reference server takes them. This pass found no Tencent text for
// the answer's fields, so the server answers as it does without them.
func TestPresenceQueryReturnFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		req      restapi.QueryOnlineStatusRequest
		wireKeys []string
	}{
		{"IsReturnInstid", restapi.QueryOnlineStatusRequest{IsNeedDetail: 1, IsReturnInstID: 1}, []string{"IsReturnInstid"}},
		{"IsReturnCustomStatus", restapi.QueryOnlineStatusRequest{IsNeedDetail: 1, IsReturnCustomStatus: 1}, []string{"IsReturnCustomStatus"}},
		{"both", restapi.QueryOnlineStatusRequest{IsNeedDetail: 1, IsReturnInstID: 1, IsReturnCustomStatus: 1}, []string{"IsReturnInstid", "IsReturnCustomStatus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			f := newFixture(t, "alice")
			require.NoError(t, f.srv.SetOnline(f.id, "alice", restapi.PlatformWeb, restapi.StatusOnline))
			plain := restapi.QueryOnlineStatusRequest{ToAccount: []string{"alice", "ghost"}, IsNeedDetail: 1}
			var want, got json.RawMessage
			require.NoError(t, f.rc.Call(ctx, restapi.ServiceOpenIM, restapi.CommandQueryOnlineStatus, plain, &want))
			req := tc.req
			req.ToAccount = plain.ToAccount
			require.NoError(t, f.rc.Call(ctx, restapi.ServiceOpenIM, restapi.CommandQueryOnlineStatus, req, &got))
			assert.JSONEq(t, string(want), string(got))

			sent := f.srv.RequestsFor("openim/query_online_status")
			require.Len(t, sent, 2)
			var body map[string]any
			require.NoError(t, json.Unmarshal([]byte(sent[1].Body), &body))
			for _, k := range tc.wireKeys {
				assert.Equal(t, float64(1), body[k], "%s on the wire", k)
			}
		})
	}
}
