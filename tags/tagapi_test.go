// These tests drive the Tag API through the SDK against imtest, which
// serves it as Tencent documents it.

package tags_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/tags"
)

var tagService = client.Service{Name: client.ServiceTag, Version: client.VersionTag}

// setup returns a server, its console and a fresh app carrying seed.
func setup(t *testing.T, seed map[string]string) (*imtest.Server, *imconsole.Console, uint64) {
	t.Helper()
	srv := imtest.NewServer(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	require.NoError(t, srv.SeedTags(app.SDKAppID, seed))
	return srv, srv.Console(), app.SDKAppID
}

func listMap(t *testing.T, console *imconsole.Console, id uint64) map[string]string {
	t.Helper()
	ts, err := console.Tags.List(t.Context(), id)
	require.NoError(t, err)
	return tags.ToMap(ts)
}

func numbered(from, n int) map[string]string {
	m := map[string]string{}
	for i := from; i < from+n; i++ {
		m[fmt.Sprintf("k%02d", i)] = fmt.Sprintf("v%02d", i)
	}
	return m
}

// resource is the app's Tag API name for the console's account.
func resource(t *testing.T, console *imconsole.Console, id uint64) string {
	t.Helper()
	a, err := console.Client.Account(t.Context())
	require.NoError(t, err)
	return tags.ResourceName(a.OwnerUin, id)
}

func TestTagAPIAnswersWhatValidateSays(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t, nil)
	res := resource(t, console, id)
	for _, tc := range testkit.TagCases() {
		// Valid tags are not sent here (nothing invalid may be applied,
		// checked below); nor is invalid UTF-8, which JSON cannot carry
		// (encoding/json sends U+FFFD instead, another refusal).
		if tc.Code == "" || !utf8.ValidString(tc.Key+tc.Value) {
			continue
		}
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			local := testkit.RequireCode(t, tags.Validate(tc.Key, tc.Value), tc.Code)
			err := console.Client.CallService(t.Context(), tagService, tags.ActionModifyResourceTags,
				map[string]any{"Resource": res, "ReplaceTags": []tags.Tag{{Key: tc.Key, Value: tc.Value}}}, nil)
			remote := testkit.RequireCode(t, err, tc.Code)
			assert.Equal(t, local.Message, remote.Message)
			assert.NotEmpty(t, remote.RequestID)
		})
	}
	assert.Empty(t, listMap(t, console, id), "nothing invalid was applied")

	got, err := console.Tags.Add(t.Context(), id, tags.Tag{Key: "环境（生产）", Value: "【测试】＋－＝．＿：／＠［］，；"})
	require.NoError(t, err, "full-width punctuation is allowed")
	assert.Len(t, got, 1)
}

func TestModifyResourceTagsLimits(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t, map[string]string{"a": "0"})
	res := resource(t, console, id)
	ctx := t.Context()
	call := func(body map[string]any) error {
		body["Resource"] = res
		return console.Client.CallService(ctx, tagService, tags.ActionModifyResourceTags, body, nil)
	}
	eleven := tags.FromMap(numbered(0, 11))
	testkit.RequireCode(t, call(map[string]any{}), "MissingParameter")
	var ae *client.APIError
	require.ErrorAs(t, call(map[string]any{"ReplaceTags": eleven}), &ae, "more than 10 in one call")
	assert.NotEmpty(t, ae.RequestID)
	testkit.RequireCode(t, call(map[string]any{"ReplaceTags": []tags.Tag{{Key: "a", Value: "1"}}, "DeleteTags": []map[string]string{{"TagKey": "a"}}}),
		"InvalidParameterValue.DeleteTagsParamError")
	err := console.Client.CallService(ctx, tagService, tags.ActionModifyResourceTags,
		map[string]any{"Resource": "qcs::im:uin/1:sdkappid/1", "ReplaceTags": []tags.Tag{{Key: "a", Value: "1"}}}, nil)
	testkit.RequireCode(t, err, "InvalidParameterValue.ResourceDescriptionError")
	assert.Equal(t, map[string]string{"a": "0"}, listMap(t, console, id))

	// The SDK sends the eleven in two calls.
	got, err := console.Tags.Add(ctx, id, eleven...)
	require.NoError(t, err)
	assert.Len(t, got, 12)
}

// TestAtMostFiftyTagsPerApp: a change of one call is sent unread and the
// service refuses it whole; one of several batches is checked against the
// tags read first and refused with nothing sent.
func TestAtMostFiftyTagsPerApp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		seed  int
		req   tags.ModifyRequest
		ok    bool
		sent  int // ModifyResourceTags calls
		reads int // DescribeResourceTagsByResourceIds calls, the read-back included
	}{
		{"the 50th", 49, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new", Value: "1"}}}, true, 1, 1},
		{"the 51st, refused by the service unread", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new", Value: "1"}}}, false, 1, 0},
		{"overwriting at 50", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "k00", Value: "x"}}}, true, 1, 1},
		{"add one and delete one at 50", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new", Value: "1"}}, DeleteTagKeys: []string{"k00"}}, true, 1, 1},
		{"fifty new replacing fifty, in five batches", 50, tags.ModifyRequest{ReplaceTags: tags.FromMap(numbered(50, 50)), DeleteTagKeys: keysFrom(0, 50)}, true, 5, 2},
		{"25 and 25 new, in three batches", 25, tags.ModifyRequest{ReplaceTags: tags.FromMap(numbered(25, 25))}, true, 3, 2},
		{"25 and 30 new, refused before the first batch", 25, tags.ModifyRequest{ReplaceTags: tags.FromMap(numbered(25, 30))}, false, 0, 1},
		{"50 at the end but 55 after batch 1, refused before it", 45, tags.ModifyRequest{
			ReplaceTags:   tags.FromMap(numbered(45, 10)),
			DeleteTagKeys: append(keysFrom(90, 10), keysFrom(0, 10)...), // k90-k99 absent
		}, false, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			seed := numbered(0, tt.seed)
			srv, console, id := setup(t, seed)
			req := tt.req
			req.SDKAppID = id
			got, err := console.Tags.Modify(t.Context(), &req)
			assert.Len(t, srv.RequestsFor(tags.ActionModifyResourceTags), tt.sent)
			assert.Len(t, srv.RequestsFor(tags.ActionDescribeResourceTags), tt.reads)
			after := listMap(t, console, id)
			if tt.ok {
				require.NoError(t, err)
				assert.LessOrEqual(t, len(after), tags.MaxTagsPerApp)
				assert.Equal(t, tags.FromMap(after), got)
				return
			}
			testkit.RequireCode(t, err, "LimitExceeded.ResourceAttachedTags")
			assert.ErrorIs(t, err, client.ErrLimitExceeded)
			assert.ErrorContains(t, err, "50")
			assert.NotContains(t, err.Error(), "call again")
			assert.Equal(t, seed, after, "nothing applied")
		})
	}
}

func TestSetAddRemoveAgainstImtest(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, map[string]string{"env": "dev", "team": "im"})
	ctx := t.Context()
	got, err := console.Tags.Add(ctx, id, tags.Tag{Key: "env", Value: "prod"}, tags.Tag{Key: "cost", Value: "42"})
	require.NoError(t, err)
	assert.Equal(t, []tags.Tag{{Key: "cost", Value: "42"}, {Key: "env", Value: "prod"}, {Key: "team", Value: "im"}}, got)
	got, err = console.Tags.Set(ctx, id, tags.FromMap(map[string]string{"env": "prod", "owner": "ops"}))
	require.NoError(t, err)
	assert.Equal(t, tags.FromMap(map[string]string{"env": "prod", "owner": "ops"}), got)
	got, err = console.Tags.Remove(ctx, id, "owner", "absent")
	require.NoError(t, err)
	assert.Equal(t, []tags.Tag{{Key: "env", Value: "prod"}}, got)
	assert.NotEmpty(t, srv.RequestsFor(tags.ActionModifyResourceTags))
	assert.NotEmpty(t, srv.RequestsFor(tags.ActionDescribeResourceTags))
}

func TestAnotherAccountsAppIsNotItsResource(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, map[string]string{"a": "1"})
	otherID, otherKey := srv.NewAccount()
	other := srv.Console(client.WithCredentials(otherID, otherKey))
	mine, err := console.Client.Account(t.Context())
	require.NoError(t, err)
	theirs, err := other.Client.Account(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, mine.OwnerUin, theirs.OwnerUin)

	got, err := other.Tags.List(t.Context(), id)
	require.NoError(t, err)
	assert.Empty(t, got, "another account's app has no tags for it")
	_, _ = other.Tags.Add(t.Context(), id, tags.Tag{Key: "b", Value: "2"})
	assert.Equal(t, map[string]string{"a": "1"}, listMap(t, console, id), "untouched, whatever the answer")
}

func TestOneTagStateForTagAPIAndTagFilters(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	console := srv.Console()
	ctx := t.Context()
	var ids []uint64
	for _, m := range []map[string]string{{"env": "prod", "team": "im"}, {"env": "dev", "team": "im"}, {"env": "prod"}} {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		_, err = console.Tags.Set(ctx, app.SDKAppID, tags.FromMap(m))
		require.NoError(t, err)
		ids = append(ids, app.SDKAppID)
	}
	page, err := console.Apps.List(ctx, &apps.ListOptions{TagFilters: []apps.TagFilter{{TagKey: "env", TagValues: []string{"prod"}}, {TagKey: "team"}}})
	require.NoError(t, err)
	require.Len(t, page.Apps, 1)
	assert.Equal(t, ids[0], page.Apps[0].SDKAppID)

	var resp struct {
		PaginationToken        string
		ResourceTagMappingList []struct {
			Resource string
			Tags     []tags.Tag
		}
	}
	err = console.Client.CallService(ctx, tagService, "GetResources", map[string]any{
		"TagFilters": []map[string]any{{"TagKey": "env", "TagValue": []string{"prod", "dev"}}, {"TagKey": "team", "TagValue": []string{"im"}}},
	}, &resp)
	require.NoError(t, err)
	var got []string
	for _, r := range resp.ResourceTagMappingList {
		got = append(got, r.Resource)
	}
	assert.ElementsMatch(t, []string{resource(t, console, ids[0]), resource(t, console, ids[1])}, got, "AND across filters, OR within one")
}

func TestConcurrentAddsStopAtTheLimit(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t, nil)
	ctx := t.Context()
	errs := testkit.Concurrently(64, func(i int) error {
		_, err := console.Tags.Add(ctx, id, tags.Tag{Key: fmt.Sprintf("key%02d", i), Value: "v"})
		return err
	})
	assert.Equal(t, tags.MaxTagsPerApp, testkit.CountOK(t, errs, "LimitExceeded.ResourceAttachedTags"), "the rest are refused with LimitExceeded.ResourceAttachedTags")
	assert.Len(t, listMap(t, console, id), tags.MaxTagsPerApp)
}

func TestAFailedBatchSaysWhetherCallingAgainFinishesTheChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault imtest.Fault // on batch 2 of 3
		retry bool         // the error says to call again
	}{
		{"InternalError", imtest.Fault{Code: "InternalError"}, true},
		{"throttled", imtest.Fault{Code: "RequestLimitExceeded"}, true},
		{"a network error after applying it", imtest.Fault{LoseResponse: true}, true},
		{"over the limit (tags added since the read)", imtest.Fault{Code: "LimitExceeded.ResourceAttachedTags"}, false},
		{"no permission", imtest.Fault{Code: "UnauthorizedOperation"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, _, id := setup(t, nil)
			console := srv.Console(client.WithoutRetries())                 // a throttled batch fails at once
			srv.Inject(imtest.Fault{Action: tags.ActionModifyResourceTags}) // batch 1 goes through
			fault := tt.fault
			fault.Action = tags.ActionModifyResourceTags
			srv.Inject(fault)
			want := numbered(0, 25)
			_, err := console.Tags.Add(t.Context(), id, tags.FromMap(want)...)
			require.Error(t, err)
			if tt.fault.Code != "" {
				testkit.RequireCode(t, err, tt.fault.Code)
			}
			assert.ErrorContains(t, err, "batch 2 of 3")
			assert.ErrorContains(t, err, "batch 1 stays applied")
			assert.Len(t, srv.RequestsFor(tags.ActionModifyResourceTags), 2, "no batch after the failed one")
			after, lerr := srv.Tags(id)
			require.NoError(t, lerr)
			assert.Subset(t, tags.FromMap(after), tags.FromMap(numbered(0, 10)), "batch 1 stays")
			assert.NotContains(t, after, "k20", "batch 3 not sent")
			if !tt.retry {
				assert.NotContains(t, err.Error(), "call again")
				assert.Contains(t, err.Error(), "resolve the error below first")
				return
			}
			assert.ErrorContains(t, err, "call again with the same change to finish it")
			got, err := console.Tags.Add(t.Context(), id, tags.FromMap(want)...)
			require.NoError(t, err, "calling again finishes it")
			assert.Equal(t, tags.FromMap(want), got)
		})
	}
}

func TestSetOfSeveralBatchesReadsTheTagsOnce(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, numbered(0, 25))
	got, err := console.Tags.Set(t.Context(), id, tags.FromMap(numbered(25, 25)))
	require.NoError(t, err)
	assert.Equal(t, tags.FromMap(numbered(25, 25)), got)
	assert.Len(t, srv.RequestsFor(tags.ActionModifyResourceTags), 3)
	assert.Len(t, srv.RequestsFor(tags.ActionDescribeResourceTags), 2, "Set's read, which checks the limit too, and the read-back")
}

// The Tag API's Category defaults to All, system tags included
// (tencentcloud.com/document/api/651/33022), and a system tag is not the
// user's to delete: List, which Set diffs against, asks for Custom tags.
func TestListAsksForCustomTagsOnly(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, map[string]string{"env": "prod"})
	_, err := console.Tags.Set(t.Context(), id, nil)
	require.NoError(t, err)
	reads := srv.RequestsFor(tags.ActionDescribeResourceTags)
	require.NotEmpty(t, reads)
	for _, r := range reads {
		var body struct{ Category string }
		require.NoError(t, json.Unmarshal(r.Body, &body))
		assert.Equal(t, "Custom", body.Category, "%s", r.Body)
	}
}
