package imtest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestSocialHelpers checks the test helpers of online status, profiles,
// friends and mute refuse what they cannot do and answer empty for an
// account that does not exist (an unknown app panics:
// TestReadHelpersPanicForAnUnknownApp).
func TestSocialHelpers(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	require.NoError(t, a.srv.ImportAccounts(a.id, "alice"))

	for _, tc := range []struct {
		name string
		err  error
	}{
		{"SetOnline of an unknown app", a.srv.SetOnline(a.id+1000, "alice", "Web", restapi.StatusOnline)},
		{"SetOnline of an account not imported", a.srv.SetOnline(a.id, "ghost", "Web", restapi.StatusOnline)},
		{"SetOnline of an unknown platform", a.srv.SetOnline(a.id, "alice", "Toaster", restapi.StatusOnline)},
		{"SetOnline of an unknown status", a.srv.SetOnline(a.id, "alice", "Web", "Away")},
		{"SeedProfileTags without the prefix", a.srv.SeedProfileTags(a.id, map[string]imtest.ProfileTagType{"Team": imtest.ProfileString})},
		{"SeedProfileTags of the bare prefix", a.srv.SeedProfileTags(a.id, map[string]imtest.ProfileTagType{restapi.CustomProfileTagPrefix: imtest.ProfileString})},
		{"SeedProfileTags of an unknown type", a.srv.SeedProfileTags(a.id, map[string]imtest.ProfileTagType{"Tag_Profile_Custom_X": 9})},
		{"SeedProfileTags of an unknown app", a.srv.SeedProfileTags(a.id+1000, map[string]imtest.ProfileTagType{"Tag_Profile_Custom_X": imtest.ProfileInteger})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.ErrorContains(t, tc.err, "imtest: ")
		})
	}

	_, ok := a.srv.Presence(a.id, "ghost")
	assert.False(t, ok)
	assert.Nil(t, a.srv.Profile(a.id, "ghost"))
	assert.Equal(t, map[string]any{}, a.srv.Profile(a.id, "alice"))
	assert.Nil(t, a.srv.Friends(a.id, "ghost"))
	assert.Zero(t, a.srv.Muted(a.id, "ghost"))

	// Offline takes a platform away; the account is Offline without any.
	require.NoError(t, a.srv.SetOnline(a.id, "alice", "Web", restapi.StatusOnline))
	require.NoError(t, a.srv.SetOnline(a.id, "alice", "Web", restapi.StatusOffline))
	st, ok := a.srv.Presence(a.id, "alice")
	require.True(t, ok)
	assert.Equal(t, restapi.UserStatus{ToAccount: "alice", Status: restapi.StatusOffline}, st)

	// PushOnline lasts 7 days, then is Offline; Online does not expire.
	require.NoError(t, a.srv.SetOnline(a.id, "alice", "iPad", restapi.StatusPushOnline))
	require.NoError(t, a.srv.SetOnline(a.id, "alice", "PC", restapi.StatusOnline))
	a.srv.Advance(7*24*time.Hour - time.Second)
	st, _ = a.srv.Presence(a.id, "alice")
	assert.Len(t, st.Detail, 2)
	a.srv.Advance(time.Second)
	st, _ = a.srv.Presence(a.id, "alice")
	assert.Equal(t, []restapi.PlatformStatus{{Platform: "PC", Status: restapi.StatusOnline}}, st.Detail)
}

// TestReadHelpersPanicForAnUnknownApp: a read helper has no error to
// return, so a mistyped SDKAppID panics instead of reading as empty state
// (which would pass a "nothing was sent" assertion); the helpers with an
// error result fail with the same words.
func TestReadHelpersPanicForAnUnknownApp(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	for _, tc := range []struct {
		helper string
		read   func(id uint64)
	}{
		{"GroupIDs", func(id uint64) { a.srv.GroupIDs(id) }},
		{"GroupMembers", func(id uint64) { a.srv.GroupMembers(id, "g") }},
		{"GroupMessages", func(id uint64) { a.srv.GroupMessages(id, "g") }},
		{"Conversation", func(id uint64) { a.srv.Conversation(id, "alice", "bob") }},
		{"Friends", func(id uint64) { a.srv.Friends(id, "alice") }},
		{"Profile", func(id uint64) { a.srv.Profile(id, "alice") }},
		{"ImportedAccounts", func(id uint64) { a.srv.ImportedAccounts(id) }},
		{"Muted", func(id uint64) { a.srv.Muted(id, "alice") }},
		{"Presence", func(id uint64) { a.srv.Presence(id, "alice") }},
		{"CallbackDeliveries", func(id uint64) { a.srv.CallbackDeliveries(id) }},
		{"PushCertificateFields", func(id uint64) { a.srv.PushCertificateFields(id, 1) }},
	} {
		t.Run(tc.helper, func(t *testing.T) {
			t.Parallel()
			assert.NotPanics(t, func() { tc.read(a.id) }, "a known app")
			assert.PanicsWithValue(t, unknownApp(tc.helper), func() { tc.read(unknownAppID) })
		})
	}
	for _, tc := range []struct {
		helper string
		err    error
	}{
		{"MarkArrears", a.srv.MarkArrears(unknownAppID)},
		{"Refund", a.srv.Refund(unknownAppID)},
		{"Renew", a.srv.Renew(unknownAppID)},
		{"ImportAccounts", a.srv.ImportAccounts(unknownAppID, "x")},
		{"SeedAdmins", a.srv.SeedAdmins(unknownAppID, "x")},
	} {
		t.Run(tc.helper, func(t *testing.T) {
			t.Parallel()
			assert.EqualError(t, tc.err, unknownApp(tc.helper))
		})
	}
}

// unknownAppID is an SDKAppID no server in these tests creates.
const unknownAppID = 1499999999

// unknownApp is what a test helper says of unknownAppID.
func unknownApp(helper string) string {
	return fmt.Sprintf("imtest: %s: app %d does not exist; create it with SeedApp or the console first", helper, unknownAppID)
}
