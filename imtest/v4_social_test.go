package imtest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestSocialHelpers checks the test helpers of online status, profiles,
// friends and mute refuse what they cannot do and answer empty for what
// does not exist.
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
	assert.Nil(t, a.srv.Profile(a.id+1000, "alice"))
	assert.Equal(t, map[string]any{}, a.srv.Profile(a.id, "alice"))
	assert.Nil(t, a.srv.Friends(a.id+1000, "alice"))
	assert.Zero(t, a.srv.Muted(a.id+1000, "alice"))

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
