package restapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

func TestProfilesSetAndGet(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "bob")
	require.NoError(t, f.rc.Accounts.Import(ctx, restapi.Account{UserID: "alice", Nick: "Alice", FaceURL: "https://example.com/a.png"}))
	require.NoError(t, f.srv.SeedProfileTags(f.id, map[string]imtest.ProfileTagType{"Tag_Profile_Custom_Team": imtest.ProfileString, "Tag_Profile_Custom_Score": imtest.ProfileInteger}))

	require.NoError(t, f.rc.Profiles.Set(ctx, "alice",
		restapi.ProfileItem{Tag: restapi.TagNick, Value: "Alice L."},
		restapi.ProfileItem{Tag: restapi.TagGender, Value: restapi.GenderFemale},
		restapi.ProfileItem{Tag: restapi.TagBirthDay, Value: 19900101},
		restapi.ProfileItem{Tag: restapi.TagAllowType, Value: restapi.AllowAny},
		restapi.ProfileItem{Tag: "Tag_Profile_Custom_Team", Value: "core"},
		restapi.ProfileItem{Tag: "Tag_Profile_Custom_Score", Value: uint32(42)},
	))
	assert.Equal(t, map[string]any{
		restapi.TagNick: "Alice L.", restapi.TagImage: "https://example.com/a.png", restapi.TagGender: restapi.GenderFemale,
		restapi.TagBirthDay: uint64(19900101), restapi.TagAllowType: restapi.AllowAny,
		"Tag_Profile_Custom_Team": "core", "Tag_Profile_Custom_Score": uint64(42),
	}, f.srv.Profile(f.id, "alice"))

	got, err := f.rc.Profiles.Get(ctx, []string{"alice", "bob", "ghost"}, []string{restapi.TagNick, restapi.TagBirthDay, "Tag_Profile_Custom_Score"})
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, restapi.UserProfile{ToAccount: "alice", ProfileItem: []restapi.ProfileItem{
		{Tag: restapi.TagNick, Value: "Alice L."}, {Tag: restapi.TagBirthDay, Value: uint64(19900101)}, {Tag: "Tag_Profile_Custom_Score", Value: uint64(42)},
	}}, got[0])
	assert.Equal(t, "Alice L.", got[0].Value(restapi.TagNick))
	assert.Nil(t, got[0].Value(restapi.TagLevel))
	assert.Equal(t, restapi.UserProfile{ToAccount: "bob", ProfileItem: []restapi.ProfileItem{}}, got[1])
	assert.Equal(t, "ghost", got[2].ToAccount)
	assert.Equal(t, restapi.CodeProfileAccountMissing, got[2].ResultCode)

	// Nick set through portrait_set is the account's Nick.
	require.NoError(t, f.rc.Profiles.Set(ctx, "bob", restapi.ProfileItem{Tag: restapi.TagNick, Value: "Bob"}))
	assert.Equal(t, "Bob", f.srv.Profile(f.id, "bob")[restapi.TagNick])
}

func TestProfilesCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice")
	require.NoError(t, f.srv.SeedProfileTags(f.id, map[string]imtest.ProfileTagType{"Tag_Profile_Custom_Team": imtest.ProfileString}))
	item := func(tag string, v any) restapi.ProfileItem { return restapi.ProfileItem{Tag: tag, Value: v} }
	set := func(user string, items ...restapi.ProfileItem) func() error {
		return func() error { return f.rc.Profiles.Set(ctx, user, items...) }
	}
	get := func(users, tags []string) func() error {
		return func() error { _, err := f.rc.Profiles.Get(ctx, users, tags); return err }
	}
	runCodeCases(t, nil, []codeCase{
		{"set without an account", set("", item(restapi.TagNick, "a")), restapi.CodeProfileNoAccount},
		{"set of no items", set("alice"), restapi.CodeProfileInvalid},
		{"set of an unknown standard tag", set("alice", item("Tag_Profile_IM_Shoe", "42")), restapi.CodeProfileTagMissing},
		{"set of a tag of no kind", set("alice", item("Nick", "a")), restapi.CodeProfileTagMissing},
		{"set of an undeclared custom tag", set("alice", item("Tag_Profile_Custom_Pet", "cat")), restapi.CodeProfileTagMissing},
		{"set of a value of 501 bytes", set("alice", item(restapi.TagSelfSignature, strings.Repeat("s", 501))), restapi.CodeProfileValueTooLong},
		{"set of a custom value of 501 bytes", set("alice", item("Tag_Profile_Custom_Team", strings.Repeat("s", 501))), restapi.CodeProfileValueTooLong},
		{"set of a Gender not in the list", set("alice", item(restapi.TagGender, "Gender_Type_Robot")), restapi.CodeProfileBadValue},
		{"set of a negative Level", set("alice", item(restapi.TagLevel, -1)), restapi.CodeProfileBadValue},
		{"set of a Level over uint32", set("alice", item(restapi.TagLevel, uint64(1)<<32)), restapi.CodeProfileBadValue},
		{"set of a string Level", set("alice", item(restapi.TagLevel, "3")), restapi.CodeProfileValueType},
		{"set of a number Nick", set("alice", item(restapi.TagNick, 3)), restapi.CodeProfileValueType},
		{"set of a bool", set("alice", item(restapi.TagNick, true)), restapi.CodeProfileValueType},
		{"set of a number for a string custom tag", set("alice", item("Tag_Profile_Custom_Team", 7)), restapi.CodeProfileValueType},
		// Facts B9: "40605 bad standard value, 40610 value type mismatch":
		// a negative number is a value of the wrong type for a string tag
		// (standard or custom), as a positive one is.
		{"set of a negative Nick", set("alice", item(restapi.TagNick, -3)), restapi.CodeProfileValueType},
		{"set of a negative number for a string custom tag", set("alice", item("Tag_Profile_Custom_Team", -7)), restapi.CodeProfileValueType},
		{"set on an account never imported", set("ghost", item(restapi.TagNick, "g")), restapi.CodeProfileAccountMissing},
		{"get of nobody", get(nil, []string{restapi.TagNick}), restapi.CodeProfileNoAccount},
		{"get of an empty UserID", get([]string{""}, []string{restapi.TagNick}), restapi.CodeProfileInvalid},
		{"get of no tags", get([]string{"alice"}, nil), restapi.CodeProfileInvalid},
		{"get of an unknown tag", get([]string{"alice"}, []string{"Tag_Profile_IM_Shoe"}), restapi.CodeProfileTagMissing},
		{"get of an undeclared custom tag", get([]string{"alice"}, []string{"Tag_Profile_Custom_Pet"}), restapi.CodeProfileTagMissing},
	})

	// The server answers the same codes for what the client would refuse.
	raw := func(body string) error {
		return f.rc.Call(ctx, restapi.ServiceProfile, restapi.CommandPortraitSet, json.RawMessage(body), nil)
	}
	assert.True(t, restapi.HasCode(raw(`{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":-1}]}`), restapi.CodeProfileBadValue))
	assert.True(t, restapi.HasCode(raw(`{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":{"a":1}}]}`), restapi.CodeProfileValueType))
	assert.True(t, restapi.HasCode(raw(`{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":-3}]}`), restapi.CodeProfileValueType))
	assert.True(t, restapi.HasCode(raw(`{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":1.5}]}`), restapi.CodeProfileValueType))
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint("u", i)
	}
	err := f.rc.Call(ctx, restapi.ServiceProfile, restapi.CommandPortraitGet, restapi.PortraitGetRequest{ToAccount: ids, TagList: []string{restapi.TagNick}}, nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeProfileInvalid), "%v", err)
	assert.Nil(t, f.srv.Profile(f.id, "alice")[restapi.TagLevel], "a refused set changes nothing")

	// The families.
	err = f.rc.Profiles.Set(ctx, "ghost", item(restapi.TagNick, "g"))
	assert.ErrorIs(t, err, restapi.ErrAccountNotImported)
	assert.ErrorContains(t, err, "Accounts.Import")
	err = f.rc.Profiles.Set(ctx, "alice", item("Tag_Profile_Custom_Pet", "cat"))
	assert.ErrorIs(t, err, restapi.ErrInvalidRequest)
	assert.ErrorContains(t, err, "declare")
}

// TestProfilesBulkGet reads 1 000 profiles of a Pro app through one
// client from several goroutines, with the server's rate limits on: every
// profile comes back and no request is refused for its rate.
func TestProfilesBulkGet(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newProFixture(t)
	users := f.importIDs(t, "user", 1000)

	var wg sync.WaitGroup
	results := make([][]restapi.UserProfile, 4)
	errs := make([]error, 4)
	for g := range 4 {
		wg.Go(func() { results[g], errs[g] = f.rc.Profiles.Get(ctx, users, []string{restapi.TagNick}) })
	}
	wg.Wait()
	for g := range 4 {
		require.NoError(t, errs[g])
		require.Len(t, results[g], 1000)
		assert.Equal(t, "user0999", results[g][999].ToAccount)
		assert.Zero(t, results[g][999].ResultCode)
	}
	reqs := f.srv.RequestsFor("profile/portrait_get")
	assert.Len(t, reqs, 40)
	for _, r := range reqs {
		assert.Empty(t, r.Code, "no request refused (rate limit or otherwise)")
	}
}

// TestProfilesAnswerErrorDisplay: facts B9, "portrait_set: ... Answer
// envelope + ErrorDisplay" and "portrait_get: ... Answer
// UserProfileItem[...], Fail_Account[] (only when failures),
// ErrorDisplay"; B0, "Profile/SNS answers also carry ErrorDisplay".
func TestProfilesAnswerErrorDisplay(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice")
	for _, tc := range []struct {
		name, command, body string
		fields              []string
	}{
		{"portrait_set", restapi.CommandPortraitSet, `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"A"}]}`,
			[]string{"ActionStatus", "ErrorCode", "ErrorInfo", "ErrorDisplay"}},
		{"portrait_get", restapi.CommandPortraitGet, `{"To_Account":["alice"],"TagList":["Tag_Profile_IM_Nick"]}`,
			[]string{"ActionStatus", "ErrorCode", "ErrorInfo", "ErrorDisplay", "UserProfileItem"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var answer map[string]json.RawMessage
			require.NoError(t, f.rc.Call(t.Context(), restapi.ServiceProfile, tc.command, json.RawMessage(tc.body), &answer))
			for _, field := range tc.fields {
				assert.Contains(t, answer, field)
			}
			assert.NotContains(t, answer, "Fail_Account", "only when failures")
			assert.JSONEq(t, `""`, string(answer["ErrorDisplay"]))
		})
	}
}
