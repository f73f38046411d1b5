package tags_test

import (
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/tags"
)

// setup returns a server, its console and a fresh app carrying seed.
func setup(t *testing.T, seed map[string]string) (*imtest.Server, *imconsole.Console, uint64) {
	t.Helper()
	srv := imtest.NewServer(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	require.NoError(t, srv.SeedTags(app.SDKAppID, seed))
	return srv, srv.Console(), app.SDKAppID
}

func requireCode(t *testing.T, err error, code string) *client.APIError {
	t.Helper()
	var ae *client.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, code, ae.Code, ae.Message)
	return ae
}

func listMap(t *testing.T, console *imconsole.Console, id uint64) map[string]string {
	t.Helper()
	ts, err := console.Tags.List(t.Context(), id)
	require.NoError(t, err)
	return tags.ToMap(ts)
}

// numbered returns n tags k00=v00, k01=v01, ... starting at from.
func numbered(from, n int) map[string]string {
	m := map[string]string{}
	for i := from; i < from+n; i++ {
		m[fmt.Sprintf("k%02d", i)] = fmt.Sprintf("v%02d", i)
	}
	return m
}

func TestValidate(t *testing.T) {
	t.Parallel()
	const (
		okKey   = "env"
		okValue = "prod"
	)
	tests := []struct {
		name       string
		key, value string
		code       string // "" when valid
	}{
		{"ascii", okKey, okValue, ""},
		{"Chinese letters", "环境", "生产", ""},
		{"other scripts", "Ключ", "ÜNÏCØDÉ", ""},
		{"digits", "k0123456789", "0123456789", ""},
		{"every special character", "a+-=._:/@()[],;><b", "+-=._:/@()[],;><", ""},
		{"spaces inside", "cost center", "team a b", ""},
		{"key of 127 characters", strings.Repeat("键", 127), okValue, ""},
		{"value of 255 characters", okKey, strings.Repeat("値", 255), ""},
		{"case-sensitive Project is not reserved", "Project", okValue, ""},
		{"qcs without colon is not reserved", "qcs", okValue, ""},
		{"reserved word inside", "myproject", okValue, ""},

		{"empty key", "", okValue, "InvalidParameterValue.TagKey"},
		{"key of 128 characters", strings.Repeat("k", 128), okValue, "InvalidParameterValue.TagKey"},
		{"leading space in key", " env", okValue, "InvalidParameterValue.TagKey"},
		{"trailing space in key", "env ", okValue, "InvalidParameterValue.TagKey"},
		{"only a space", " ", okValue, "InvalidParameterValue.TagKey"},
		{"tab in key", "e\tnv", okValue, "InvalidParameterValue.TagKey"},
		{"exclamation mark", "env!", okValue, "InvalidParameterValue.TagKey"},
		{"hash", "#env", okValue, "InvalidParameterValue.TagKey"},
		{"asterisk", "a*b", okValue, "InvalidParameterValue.TagKey"},
		{"braces", "{a}", okValue, "InvalidParameterValue.TagKey"},
		{"non-ASCII digit", "k٣", okValue, "InvalidParameterValue.TagKey"},
		{"full-width parenthesis", "环境（生产）", okValue, "InvalidParameterValue.TagKey"},
		{"emoji", "env🚀", okValue, "InvalidParameterValue.TagKey"},

		{"empty value", okKey, "", "InvalidParameterValue.TagValue"},
		{"value of 256 characters", okKey, strings.Repeat("v", 256), "InvalidParameterValue.TagValue"},
		{"leading space in value", okKey, " prod", "InvalidParameterValue.TagValue"},
		{"trailing space in value", okKey, "prod ", "InvalidParameterValue.TagValue"},
		{"newline in value", okKey, "pr\nod", "InvalidParameterValue.TagValue"},
		{"quote in value", okKey, `"prod"`, "InvalidParameterValue.TagValue"},

		{"qcs: prefix", "qcs:env", okValue, "InvalidParameterValue.ReservedTagKey"},
		{"project prefix", "project", okValue, "InvalidParameterValue.ReservedTagKey"},
		{"project: prefix", "project:x", okValue, "InvalidParameterValue.ReservedTagKey"},
		{"项目 prefix", "项目组", okValue, "InvalidParameterValue.ReservedTagKey"},
	}
	srv, console, id := setup(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tags.Validate(tt.key, tt.value)
			assert.Equal(t, err, tags.Tag{Key: tt.key, Value: tt.value}.Validate())
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			local := requireCode(t, err, tt.code)
			assert.Equal(t, tags.ActionModify, local.Action)
			assert.ErrorIs(t, err, client.ErrInvalidParameter)

			// The service is refused before sending...
			_, err = console.Tags.Add(t.Context(), id, tags.Tag{Key: tt.key, Value: tt.value})
			assert.Equal(t, local, err)
			// ...and the server, asked directly, answers the same.
			err = console.Client.Call(t.Context(), tags.ActionModify, &tags.ModifyRequest{SDKAppID: id, ReplaceTags: []tags.Tag{{Key: tt.key, Value: tt.value}}}, nil)
			remote := requireCode(t, err, tt.code)
			assert.Equal(t, local.Message, remote.Message)
			assert.NotEmpty(t, remote.RequestID)
		})
	}
	t.Cleanup(func() {
		for _, r := range srv.RequestsFor(tags.ActionModify) {
			assert.NotEmpty(t, r.Code, "no invalid tag was applied: %s", r.Body)
		}
	})
}

func TestInvalidRequestsAreNotSent(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, nil)
	ctx := t.Context()
	_, err := console.Tags.Add(ctx, id, tags.Tag{Key: "qcs:x", Value: "v"})
	requireCode(t, err, "InvalidParameterValue.ReservedTagKey")
	_, err = console.Tags.Add(ctx, id)
	requireCode(t, err, "MissingParameter")
	_, err = console.Tags.Remove(ctx, id)
	requireCode(t, err, "MissingParameter")
	_, err = console.Tags.Remove(ctx, id, "bad!")
	requireCode(t, err, "InvalidParameterValue.TagKey")
	_, err = console.Tags.Set(ctx, id, []tags.Tag{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}})
	requireCode(t, err, "InvalidParameterValue.TagKeyDuplicate")
	_, err = console.Tags.Set(ctx, id, tags.FromMap(numbered(0, 51)))
	requireCode(t, err, "LimitExceeded.TagCount")
	_, err = console.Tags.Modify(ctx, nil)
	requireCode(t, err, "MissingParameter")
	_, err = console.Tags.Add(ctx, id, tags.Tag{Key: "a\xffb", Value: "v"})
	requireCode(t, err, "InvalidParameterValue.TagKey") // not UTF-8
	assert.Empty(t, srv.Requests())
}

func TestDuplicateKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  tags.ModifyRequest
	}{
		{"twice in ReplaceTags", tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}}}},
		{"twice in DeleteTagKeys", tags.ModifyRequest{DeleteTagKeys: []string{"a", "a"}}},
		{"in both", tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "a", Value: "1"}}, DeleteTagKeys: []string{"a"}}},
	}
	_, console, id := setup(t, map[string]string{"a": "0"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := tt.req
			req.SDKAppID = id
			local := requireCode(t, req.Validate(), "InvalidParameterValue.TagKeyDuplicate")
			err := console.Client.Call(t.Context(), tags.ActionModify, &req, nil)
			remote := requireCode(t, err, "InvalidParameterValue.TagKeyDuplicate")
			assert.Equal(t, local.Message, remote.Message)
			assert.Equal(t, map[string]string{"a": "0"}, listMap(t, console, id))
		})
	}
}

func TestAddMergesAndReplacesValues(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t, map[string]string{"env": "dev", "team": "im"})
	got, err := console.Tags.Add(t.Context(), id, tags.Tag{Key: "env", Value: "prod"}, tags.Tag{Key: "cost", Value: "42"})
	require.NoError(t, err)
	want := []tags.Tag{{Key: "cost", Value: "42"}, {Key: "env", Value: "prod"}, {Key: "team", Value: "im"}}
	assert.Equal(t, want, got, "sorted by key, one value per key")
	list, err := console.Tags.List(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, want, list)

	_, err = console.Tags.Add(t.Context(), id, tags.Tag{Key: "Env", Value: "x"}) // keys are case-sensitive
	require.NoError(t, err)
	assert.Len(t, listMap(t, console, id), 4)
}

func TestSetReplacesEverything(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		seed map[string]string
		set  map[string]string
	}{
		{"overlapping", map[string]string{"a": "1", "b": "2"}, map[string]string{"b": "3", "c": "4"}},
		{"disjoint", map[string]string{"a": "1"}, map[string]string{"z": "9"}},
		{"same", map[string]string{"a": "1"}, map[string]string{"a": "1"}},
		{"clear", map[string]string{"a": "1", "b": "2"}, map[string]string{}},
		{"from nothing", nil, map[string]string{"a": "1"}},
		{"full to full", numbered(0, 50), numbered(25, 50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t, tt.seed)
			got, err := console.Tags.Set(t.Context(), id, tags.FromMap(tt.set))
			require.NoError(t, err)
			assert.Equal(t, tags.FromMap(tt.set), got)
			assert.Equal(t, tt.set, listMap(t, console, id))
			assert.Len(t, srv.RequestsFor(tags.ActionModify), 1, "one atomic change")
		})
	}
}

func TestSetNothingOnAnUntaggedAppSendsNoChange(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, nil)
	got, err := console.Tags.Set(t.Context(), id, nil)
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Empty(t, srv.RequestsFor(tags.ActionModify))
}

func TestRemove(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t, map[string]string{"a": "1", "b": "2", "c": "3"})
	got, err := console.Tags.Remove(t.Context(), id, "a", "c", "absent")
	require.NoError(t, err)
	assert.Equal(t, []tags.Tag{{Key: "b", Value: "2"}}, got)
	got, err = console.Tags.Remove(t.Context(), id, "b")
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.NotNil(t, got, "an empty list, not null")
}

func TestAtMostFiftyTagsCheckedAfterApplying(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		seed int
		req  tags.ModifyRequest
		ok   bool
	}{
		{"the 50th", 49, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new", Value: "1"}}}, true},
		{"the 51st", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new", Value: "1"}}}, false},
		{"two when one is left", 49, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new1", Value: "1"}, {Key: "new2", Value: "2"}}}, false},
		{"overwriting at 50", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "k00", Value: "x"}}}, true},
		{"add one and delete one at 50", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new", Value: "1"}}, DeleteTagKeys: []string{"k00"}}, true},
		{"add two and delete one at 50", 50, tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "new1", Value: "1"}, {Key: "new2", Value: "2"}}, DeleteTagKeys: []string{"k00"}}, false},
		{"fifty new replacing fifty", 50, tags.ModifyRequest{ReplaceTags: tags.FromMap(numbered(50, 50)), DeleteTagKeys: tagKeys(numbered(0, 50))}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			seed := numbered(0, tt.seed)
			_, console, id := setup(t, seed)
			req := tt.req
			req.SDKAppID = id
			got, err := console.Tags.Modify(t.Context(), &req)
			after := listMap(t, console, id)
			if tt.ok {
				require.NoError(t, err)
				assert.LessOrEqual(t, len(after), tags.MaxTagsPerApp)
				assert.Equal(t, tags.FromMap(after), got)
				return
			}
			requireCode(t, err, "LimitExceeded.TagCount")
			assert.ErrorIs(t, err, client.ErrLimitExceeded)
			assert.Equal(t, seed, after, "all or nothing: nothing changed")
		})
	}
}

func tagKeys(m map[string]string) []string {
	var out []string
	for k := range maps.Keys(m) {
		out = append(out, k)
	}
	return out
}

func TestChangesAreAtomic(t *testing.T) {
	t.Parallel()
	seed := map[string]string{"a": "1", "b": "2"}
	_, console, id := setup(t, seed)
	// A valid replacement, a valid deletion and one invalid tag: nothing applies.
	err := console.Client.Call(t.Context(), tags.ActionModify, &tags.ModifyRequest{
		SDKAppID:      id,
		ReplaceTags:   []tags.Tag{{Key: "a", Value: "changed"}, {Key: "c", Value: "3"}, {Key: "bad key ", Value: "x"}},
		DeleteTagKeys: []string{"b"},
	}, nil)
	requireCode(t, err, "InvalidParameterValue.TagKey")
	assert.Equal(t, seed, listMap(t, console, id))
}

func TestUnknownForeignAndDisabledApps(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, map[string]string{"a": "1"})
	otherID, otherKey := srv.NewAccount()
	other := srv.Console(client.WithCredentials(otherID, otherKey))
	ctx := t.Context()
	for _, app := range []uint64{id, 1499999999} {
		_, err := other.Tags.List(ctx, app)
		requireCode(t, err, "ResourceNotFound.App")
		_, err = other.Tags.Add(ctx, app, tags.Tag{Key: "b", Value: "2"})
		requireCode(t, err, "ResourceNotFound.App")
		_, err = other.Tags.Set(ctx, app, nil)
		requireCode(t, err, "ResourceNotFound.App")
	}

	require.NoError(t, console.Apps.Disable(ctx, id))
	_, err := console.Tags.Add(ctx, id, tags.Tag{Key: "b", Value: "2"})
	requireCode(t, err, "FailedOperation.AppDisabled")
	_, err = console.Tags.Remove(ctx, id, "a")
	requireCode(t, err, "FailedOperation.AppDisabled")
	assert.Equal(t, map[string]string{"a": "1"}, listMap(t, console, id), "reading still works")
}

func TestRetriedModifyIsAppliedOnce(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, numbered(0, 49))
	srv.Inject(imtest.Fault{Action: tags.ActionModify, LoseResponse: true})
	got, err := console.Tags.Modify(t.Context(), &tags.ModifyRequest{SDKAppID: id, ReplaceTags: []tags.Tag{{Key: "x", Value: "1"}}})
	require.NoError(t, err)
	assert.Len(t, got, 50)
	reqs := srv.RequestsFor(tags.ActionModify)
	require.Len(t, reqs, 2)
	assert.True(t, reqs[1].Replayed)
	assert.Equal(t, reqs[0].ClientToken, reqs[1].ClientToken)
}

func TestConcurrentAddsStopAtTheLimit(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t, nil)
	ctx := t.Context()
	const n = 64
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = console.Tags.Add(ctx, id, tags.Tag{Key: fmt.Sprintf("key%02d", i), Value: "v"})
		})
	}
	wg.Wait()

	var ok, limited int
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case client.HasCode(err, "LimitExceeded.TagCount"):
			limited++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	assert.Equal(t, tags.MaxTagsPerApp, ok)
	assert.Equal(t, n-tags.MaxTagsPerApp, limited)
	assert.Len(t, listMap(t, console, id), tags.MaxTagsPerApp)
}

func TestListAppsByTag(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	console := srv.Console()
	ctx := t.Context()
	seeds := []map[string]string{
		{"env": "prod", "team": "im"},
		{"env": "dev", "team": "im"},
		{"env": "prod"},
		nil,
	}
	var ids []uint64
	for _, seed := range seeds {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		require.NoError(t, srv.SeedTags(app.SDKAppID, seed))
		ids = append(ids, app.SDKAppID)
	}
	tests := []struct {
		name    string
		filters []apps.TagFilter
		want    []uint64
	}{
		{"no filter", nil, ids},
		{"key only", []apps.TagFilter{{TagKey: "team"}}, ids[:2]},
		{"one value", []apps.TagFilter{{TagKey: "env", TagValues: []string{"prod"}}}, []uint64{ids[0], ids[2]}},
		{"any of the values", []apps.TagFilter{{TagKey: "env", TagValues: []string{"dev", "prod"}}}, ids[:3]},
		{"every filter", []apps.TagFilter{{TagKey: "env", TagValues: []string{"prod"}}, {TagKey: "team"}}, ids[:1]},
		{"no match", []apps.TagFilter{{TagKey: "env", TagValues: []string{"staging"}}}, nil},
		{"values are case-sensitive", []apps.TagFilter{{TagKey: "env", TagValues: []string{"PROD"}}}, nil},
		{"absent key", []apps.TagFilter{{TagKey: "owner"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := console.Apps.List(ctx, &apps.ListOptions{TagFilters: tt.filters})
			require.NoError(t, err)
			var got []uint64
			for _, a := range page.Apps {
				got = append(got, a.SDKAppID)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(tt.want), page.TotalCount)
		})
	}
}

func TestInvalidTagFilters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter apps.TagFilter
		code   string
	}{
		{"empty key", apps.TagFilter{}, "InvalidParameterValue.TagKey"},
		{"bad key", apps.TagFilter{TagKey: "a!"}, "InvalidParameterValue.TagKey"},
		{"reserved key", apps.TagFilter{TagKey: "qcs:x"}, "InvalidParameterValue.ReservedTagKey"},
		{"bad value", apps.TagFilter{TagKey: "env", TagValues: []string{"prod", " dev"}}, "InvalidParameterValue.TagValue"},
		{"empty value", apps.TagFilter{TagKey: "env", TagValues: []string{""}}, "InvalidParameterValue.TagValue"},
	}
	srv := imtest.NewServer(t)
	console := srv.Console()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := &apps.ListOptions{TagFilters: []apps.TagFilter{tt.filter}}
			local := requireCode(t, opts.Validate(), tt.code)
			assert.Equal(t, apps.ActionList, local.Action)
			_, err := console.Apps.List(t.Context(), opts)
			assert.Equal(t, local, err, "refused before sending")
			err = console.Client.Call(t.Context(), apps.ActionList, opts, nil)
			remote := requireCode(t, err, tt.code)
			assert.Equal(t, local.Message, remote.Message)
		})
	}
	t.Cleanup(func() {
		assert.Len(t, srv.RequestsFor(apps.ActionList), len(tests), "only the direct calls reached the server")
	})
}
