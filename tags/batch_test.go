package tags_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/tags"
)

// fakeTagAPI answers GetUserAppId, ModifyResourceTags and
// DescribeResourceTagsByResourceIds as the facts file documents them
// (HTTP 200 for everything), for one account, and records each
// ModifyResourceTags body. failAt makes that ModifyResourceTags call (1
// is the first) answer InternalError without applying it.
type fakeTagAPI struct {
	mu      sync.Mutex
	tags    map[string]map[string]string // resource → key → value
	modify  []modifyBody
	hosts   map[string]int
	failAt  int
	limit   int   // the Limit of the last Describe
	pageCap int   // when not 0, the most rows a Describe page holds (a short page, as when tags go while paging)
	endless bool  // every Describe page holds one tag of another resource and claims a huge TotalCount (a hostile server)
	offsets []int // the Offset of each Describe
	srv     *httptest.Server
	ownerID string
}

type modifyBody struct {
	Resource    string
	ReplaceTags []tags.Tag
	DeleteTags  []struct{ TagKey string }
}

func newFakeTagAPI(t *testing.T) *fakeTagAPI {
	t.Helper()
	f := &fakeTagAPI{tags: map[string]map[string]string{}, hosts: map[string]int{}, ownerID: "100000000001"}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeTagAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hosts[r.Host]++
	answer := func(fields map[string]any) {
		fields["RequestId"] = "req"
		_ = json.NewEncoder(w).Encode(map[string]any{"Response": fields})
	}
	fail := func(code string) {
		answer(map[string]any{"Error": map[string]string{"Code": code, "Message": "fake"}})
	}
	switch r.Header.Get("X-TC-Action") {
	case "GetUserAppId":
		answer(map[string]any{"Uin": "100000000002", "OwnerUin": f.ownerID, "AppId": 1250000000})
	case "ModifyResourceTags":
		var m modifyBody
		_ = json.Unmarshal(body, &m)
		f.modify = append(f.modify, m)
		if len(m.ReplaceTags) > tags.MaxChangesPerCall || len(m.DeleteTags) > tags.MaxChangesPerCall {
			fail("InvalidParameter.Tag")
			return
		}
		if len(f.modify) == f.failAt {
			fail("InternalError")
			return
		}
		cur := f.tags[m.Resource]
		if cur == nil {
			cur = map[string]string{}
			f.tags[m.Resource] = cur
		}
		for _, t := range m.ReplaceTags {
			cur[t.Key] = t.Value
		}
		for _, k := range m.DeleteTags {
			delete(cur, k.TagKey)
		}
		answer(map[string]any{})
	case "DescribeResourceTagsByResourceIds":
		var d struct {
			ServiceType, ResourcePrefix, ResourceRegion string
			ResourceIds                                 []string
			Offset, Limit                               int
		}
		_ = json.Unmarshal(body, &d)
		f.limit = d.Limit
		f.offsets = append(f.offsets, d.Offset)
		if d.Limit <= 0 || d.Offset%d.Limit != 0 {
			fail("InvalidParameterValue.Offset") // "必须为Limit参数的整数倍"
			return
		}
		type row struct{ TagKey, TagValue, ResourceId string }
		var rows []row
		for _, id := range d.ResourceIds {
			for _, t := range tags.FromMap(f.tags[tags.ResourceName(f.ownerID, parseID(id))]) {
				rows = append(rows, row{t.Key, t.Value, id})
			}
		}
		total := len(rows)
		if f.endless { // another resource's tag, which List does not keep, over and over
			answer(map[string]any{"TotalCount": 9e18, "Offset": d.Offset, "Limit": d.Limit, "Tags": []row{{"k", "v", "999"}}})
			return
		}
		rows = rows[min(d.Offset, total):min(d.Offset+d.Limit, total)]
		if f.pageCap > 0 {
			rows = rows[:min(len(rows), f.pageCap)]
		}
		answer(map[string]any{"TotalCount": total, "Offset": d.Offset, "Limit": d.Limit, "Tags": rows})
	default:
		fail("InvalidAction")
	}
}

func parseID(s string) uint64 {
	var id uint64
	_, _ = fmt.Sscan(s, &id)
	return id
}

// cloudTags is a tags service configured for real Tencent Cloud, talking
// to the fake.
func cloudTags(t *testing.T, f *fakeTagAPI) *tags.Service {
	t.Helper()
	c, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud(),
		client.WithHTTPClient(&http.Client{Transport: testkit.Redirect{To: f.srv.URL}}))
	require.NoError(t, err)
	return tags.New(c)
}

func keysFrom(from, n int) []string {
	var out []string
	for i := from; i < from+n; i++ {
		out = append(out, fmt.Sprintf("k%02d", i))
	}
	return out
}

func tagsFrom(from, n int) []tags.Tag {
	var out []tags.Tag
	for _, k := range keysFrom(from, n) {
		out = append(out, tags.Tag{Key: k, Value: "v" + k})
	}
	return out
}

func TestModifyGoesToTheTagAPIInBatchesOfTen(t *testing.T) {
	t.Parallel()
	const app = 1400000001
	resource := "qcs::im::uin/100000000001:sdkappid/1400000001"
	tests := []struct {
		name    string
		seed    []tags.Tag
		req     tags.ModifyRequest
		batches [][2]int // ReplaceTags and DeleteTags per call
	}{
		{"one call", nil, tags.ModifyRequest{ReplaceTags: tagsFrom(0, 3), DeleteTagKeys: []string{"x"}}, [][2]int{{3, 1}}},
		{"ten is one call", nil, tags.ModifyRequest{ReplaceTags: tagsFrom(0, 10)}, [][2]int{{10, 0}}},
		{"eleven are two", nil, tags.ModifyRequest{ReplaceTags: tagsFrom(0, 11)}, [][2]int{{10, 0}, {1, 0}}},
		{"fifty replacing fifty", tagsFrom(0, 50), tags.ModifyRequest{ReplaceTags: tagsFrom(50, 50), DeleteTagKeys: keysFrom(0, 50)},
			[][2]int{{10, 10}, {10, 10}, {10, 10}, {10, 10}, {10, 10}}},
		{"more deletes than replaces", tagsFrom(0, 25), tags.ModifyRequest{ReplaceTags: tagsFrom(90, 2), DeleteTagKeys: keysFrom(0, 25)},
			[][2]int{{2, 10}, {0, 10}, {0, 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeTagAPI(t)
			svc := cloudTags(t, f)
			if tt.seed != nil {
				f.tags[resource] = tags.ToMap(tt.seed)
			}
			req := tt.req
			req.SDKAppID = app
			got, err := svc.Modify(t.Context(), &req)
			require.NoError(t, err)

			want := tags.ToMap(tt.seed)
			for _, tg := range tt.req.ReplaceTags {
				want[tg.Key] = tg.Value
			}
			for _, k := range tt.req.DeleteTagKeys {
				delete(want, k)
			}
			assert.Equal(t, tags.FromMap(want), got, "read back, sorted")
			require.Len(t, f.modify, len(tt.batches))
			for i, b := range f.modify {
				assert.Equal(t, resource, b.Resource)
				assert.Equal(t, tt.batches[i], [2]int{len(b.ReplaceTags), len(b.DeleteTags)}, "batch %d", i+1)
			}
			assert.Equal(t, 1, f.hosts["cam.tencentcloudapi.com"], "the account looked up once")
			reads := 1 // the read-back
			if len(tt.batches) > 1 {
				reads++ // the tags read to check the limit before the first batch
			}
			assert.Equal(t, len(tt.batches)+reads, f.hosts["tag.tencentcloudapi.com"])
			assert.Equal(t, 100, f.limit)
		})
	}
}

func TestAFailureMidwayLeavesTheEarlierBatchesApplied(t *testing.T) {
	t.Parallel()
	f := newFakeTagAPI(t)
	f.failAt = 2
	svc := cloudTags(t, f)
	req := &tags.ModifyRequest{SDKAppID: 1400000001, ReplaceTags: tagsFrom(0, 25)}
	_, err := svc.Modify(t.Context(), req)
	testkit.RequireCode(t, err, "InternalError")
	assert.ErrorIs(t, err, client.ErrInternal)
	assert.ErrorContains(t, err, "batch 2 of 3 failed, batch 1 stays applied; call again with the same change")
	require.Len(t, f.modify, 2, "not retried without a ClientToken, and no batch after the failed one")
	got, err := svc.List(t.Context(), 1400000001)
	require.NoError(t, err)
	assert.Equal(t, tagsFrom(0, 10), got, "the first batch stays")

	got, err = svc.Modify(t.Context(), req)
	require.NoError(t, err, "the same change again finishes it")
	assert.Equal(t, tagsFrom(0, 25), got)

	f.failAt = len(f.modify) + 1
	_, err = svc.Add(t.Context(), 1400000001, tags.Tag{Key: "x", Value: "1"})
	testkit.RequireCode(t, err, "InternalError")
	assert.NotContains(t, err.Error(), "batch", "a failed first batch changed nothing")
}

func TestSetSendsOnlyTheDifference(t *testing.T) {
	t.Parallel()
	f := newFakeTagAPI(t)
	svc := cloudTags(t, f)
	resource := tags.ResourceName(f.ownerID, 1400000001)
	f.tags[resource] = map[string]string{"a": "1", "b": "2", "c": "3"}
	got, err := svc.Set(t.Context(), 1400000001, tags.FromMap(map[string]string{"a": "1", "b": "changed", "d": "4"}))
	require.NoError(t, err)
	assert.Equal(t, tags.FromMap(map[string]string{"a": "1", "b": "changed", "d": "4"}), got)
	require.Len(t, f.modify, 1)
	assert.Equal(t, []tags.Tag{{Key: "b", Value: "changed"}, {Key: "d", Value: "4"}}, f.modify[0].ReplaceTags)
	assert.Equal(t, []struct{ TagKey string }{{"c"}}, f.modify[0].DeleteTags)

	_, err = svc.Set(t.Context(), 1400000001, got)
	require.NoError(t, err)
	assert.Len(t, f.modify, 1, "no change, no write")
	empty, err := svc.Set(t.Context(), 1400000002, nil)
	require.NoError(t, err)
	assert.NotNil(t, empty, "an empty list, not nil")
	assert.Empty(t, empty)
}

func TestInvalidChangesAreNotSent(t *testing.T) {
	t.Parallel()
	f := newFakeTagAPI(t)
	svc := cloudTags(t, f)
	ctx := t.Context()
	_, err := svc.Add(ctx, 1, tags.Tag{Key: "qcs:x", Value: "v"})
	testkit.RequireCode(t, err, "InvalidParameter.ReservedTagKey")
	_, err = svc.Add(ctx, 1)
	testkit.RequireCode(t, err, "MissingParameter")
	_, err = svc.Remove(ctx, 1)
	testkit.RequireCode(t, err, "MissingParameter")
	_, err = svc.Remove(ctx, 1, "bad!")
	testkit.RequireCode(t, err, "InvalidParameterValue.TagKeyCharacterIllegal")
	_, err = svc.Set(ctx, 1, []tags.Tag{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}})
	testkit.RequireCode(t, err, "InvalidParameterValue.TagKeyDuplicate")
	_, err = svc.Set(ctx, 1, tagsFrom(0, 51))
	testkit.RequireCode(t, err, "LimitExceeded.ResourceAttachedTags")
	_, err = svc.Modify(ctx, nil)
	testkit.RequireCode(t, err, "MissingParameter")
	assert.Empty(t, f.hosts, "nothing sent")
}

// TestListAfterAShortPage: the Tag API takes an Offset only as a multiple
// of Limit ("必须为Limit参数的整数倍"), so after a page shorter than Limit
// with TotalCount still larger (tags deleted while paging) List asks for
// the next page at Offset+Limit, not at the count it read, and succeeds.
func TestListAfterAShortPage(t *testing.T) {
	t.Parallel()
	f := newFakeTagAPI(t)
	f.pageCap = 1
	svc := cloudTags(t, f)
	many := map[string]string{}
	for i := range 150 { // more than a page of 100, as the fake does not hold the Tag API to 50
		many[fmt.Sprintf("k%03d", i)] = "v"
	}
	f.tags[tags.ResourceName(f.ownerID, 1400000001)] = many
	got, err := svc.List(t.Context(), 1400000001)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 100}, f.offsets, "the next page at Offset+Limit, not at the count read")
	assert.Equal(t, []tags.Tag{{Key: "k000", Value: "v"}, {Key: "k100", Value: "v"}}, got, "what the short pages held")
}

// TestListEndsOnAHostileTotalCount: a Tag API whose TotalCount never
// ends is paged only until the answers hold more tags than an app
// carries (50), counting the rows of other resources List does not
// keep, then List fails saying so, instead of paging for ever.
func TestListEndsOnAHostileTotalCount(t *testing.T) {
	t.Parallel()
	f := newFakeTagAPI(t)
	f.endless = true
	f.tags[tags.ResourceName(f.ownerID, 1400000001)] = map[string]string{"k": "v"}
	_, err := cloudTags(t, f).List(t.Context(), 1400000001)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than the 50 tags an app carries")
	assert.Len(t, f.offsets, tags.MaxTagsPerApp+1)
}
