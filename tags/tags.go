// Package tags manages the tags on an IM app through Tencent Cloud's Tag
// API (service tag, version client.VersionTag), which tags IM apps as the
// resource qcs::im::uin/<OwnerUin>:sdkappid/<SDKAppID> (ResourceName). It
// works against real Tencent Cloud (client.WithTencentCloud) and against
// imtest, cmd/imref and self-hosted backends alike, and the tags are the
// ones apps.ListOptions.TagFilters selects apps by.
//
// Tencent Cloud's tag rules hold: at most 50 tags per app, one value per
// key, keys of 1-127 and values of 1-255 characters (letters, digits,
// spaces inside, "+-=._:/@()[],;><" and the full-width
// "＋－＝．＿：／＠（）［］【】，；"), and the key prefixes qcs:, project and
// 项目 reserved. The SDK checks every change with Validate before sending;
// the service answers the same codes.
//
// The resource name carries the account's OwnerUin, which the first call
// looks up (client.Client.Account, cam GetUserAppId) and the client keeps.
package tags

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/client"
)

// Service calls the Tag API on IM apps. Create it with New; it is safe for
// concurrent use.
type Service struct {
	c *client.Client
}

// New returns the tags service over c.
func New(c *client.Client) *Service { return &Service{c: c} }

// call sends one Tag API action.
func (s *Service) call(ctx context.Context, action string, req, resp any) error {
	return s.c.CallService(ctx, client.Service{Name: client.ServiceTag, Version: client.VersionTag}, action, req, resp)
}

// List returns the app's tags sorted by key, byte order
// (DescribeResourceTagsByResourceIds). An app without tags, and one the
// account does not have, have none. It fails as client.Client.Account
// does, or with the Tag API's errors.
func (s *Service) List(ctx context.Context, sdkAppID uint64) ([]Tag, error) {
	id := strconv.FormatUint(sdkAppID, 10)
	req := describeResourceTags{ServiceType: ServiceType, ResourcePrefix: ResourcePrefix, ResourceIDs: []string{id}, Limit: describeLimit}
	out := []Tag{}
	for {
		var resp describeResourceTagsResponse
		if err := s.call(ctx, ActionDescribeResourceTags, &req, &resp); err != nil {
			return nil, err
		}
		for _, t := range resp.Tags {
			if t.ResourceID == "" || t.ResourceID == id {
				out = append(out, t.Tag)
			}
		}
		req.Offset += len(resp.Tags)
		if len(resp.Tags) == 0 || req.Offset >= resp.TotalCount {
			break
		}
	}
	slices.SortFunc(out, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Set makes ts the app's only tags and returns the app's tags afterwards;
// nil or empty ts removes every tag. Use FromMap to pass a map.
//
// It checks ts first (as Validate says; a key named twice fails with
// InvalidParameterValue.TagKeyDuplicate, more than 50 tags with
// LimitExceeded.ResourceAttachedTags), reads the current tags, then sends
// only the difference: the keys to delete and the tags new or changed, as
// Modify does (in batches beyond MaxChangesPerCall, see Modify). Because
// it is read-then-write, a tag someone else adds between the two survives.
func (s *Service) Set(ctx context.Context, sdkAppID uint64, ts []Tag) ([]Tag, error) {
	if len(ts) > 0 {
		if err := (&ModifyRequest{ReplaceTags: ts}).Validate(); err != nil {
			return nil, err
		}
	}
	current, err := s.List(ctx, sdkAppID)
	if err != nil {
		return nil, err
	}
	want := ToMap(ts)
	have := ToMap(current)
	req := &ModifyRequest{SDKAppID: sdkAppID}
	for _, t := range current {
		if _, keep := want[t.Key]; !keep {
			req.DeleteTagKeys = append(req.DeleteTagKeys, t.Key)
		}
	}
	for _, t := range ts {
		if v, ok := have[t.Key]; !ok || v != t.Value {
			req.ReplaceTags = append(req.ReplaceTags, t)
		}
	}
	if len(req.ReplaceTags) == 0 && len(req.DeleteTagKeys) == 0 {
		return current, nil // nothing to change
	}
	return s.Modify(ctx, req)
}

// Add adds ts to the app's tags, replacing the value of keys it already has
// (a merge), and returns the app's tags afterwards. It fails as Validate
// says for an invalid tag (checked before sending), with
// InvalidParameterValue.TagKeyDuplicate when ts names a key twice, with
// MissingParameter when ts is empty, and with
// LimitExceeded.ResourceAttachedTags when the app would carry more than
// 50 tags. See Modify for a change of more than MaxChangesPerCall tags.
func (s *Service) Add(ctx context.Context, sdkAppID uint64, ts ...Tag) ([]Tag, error) {
	return s.Modify(ctx, &ModifyRequest{SDKAppID: sdkAppID, ReplaceTags: ts})
}

// Remove deletes the tags with these keys and returns the app's tags
// afterwards; keys the app does not have are ignored. It fails with
// MissingParameter when no key is given and as ValidateKey says for a
// malformed key (both checked before sending). See Modify for more than
// MaxChangesPerCall keys.
func (s *Service) Remove(ctx context.Context, sdkAppID uint64, keys ...string) ([]Tag, error) {
	return s.Modify(ctx, &ModifyRequest{SDKAppID: sdkAppID, DeleteTagKeys: keys})
}

// Modify applies req, after checking it whole with req.Validate, and
// returns the app's tags afterwards (read back with List). Set, Add and
// Remove are built on it. It does not modify req.
//
// The Tag API's ModifyResourceTags takes at most MaxChangesPerCall (10)
// ReplaceTags and 10 DeleteTags, so a larger change is sent in batches,
// batch i carrying the i-th ten of each list: it is not atomic across
// batches. Each batch applies whole or not at all; when one fails, the
// batches before it stay applied and it and those after it are not, and
// the error (the batch's *client.APIError, wrapped with which batch
// failed) says so. Every batch sets keys to values or deletes keys, so
// calling Modify again with the same req finishes the change. A batch is
// retried when throttled (RequestLimitExceeded), not after InternalError
// or a network error, which may or may not have applied it (the Tag API
// takes no ClientToken): call again with the same req.
func (s *Service) Modify(ctx context.Context, req *ModifyRequest) ([]Tag, error) {
	if req == nil {
		return nil, client.ValidationError(ActionModifyResourceTags, "MissingParameter", "Modify needs a *ModifyRequest with SDKAppID and ReplaceTags or DeleteTagKeys")
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	account, err := s.c.Account(ctx)
	if err != nil {
		return nil, err
	}
	resource := ResourceName(account.OwnerUin, req.SDKAppID)
	batches := max(batchCount(len(req.ReplaceTags)), batchCount(len(req.DeleteTagKeys)))
	for i := range batches {
		body := modifyResourceTags{Resource: resource, ReplaceTags: window(req.ReplaceTags, i)}
		for _, k := range window(req.DeleteTagKeys, i) {
			body.DeleteTags = append(body.DeleteTags, tagKey{TagKey: k})
		}
		if err := s.call(ctx, ActionModifyResourceTags, &body, nil); err != nil {
			if i == 0 {
				return nil, err // nothing applied
			}
			return nil, fmt.Errorf("tags: app %d: batch %d of %d failed, batches 1-%d stay applied; call again with the same change to finish it: %w", req.SDKAppID, i+1, batches, i, err)
		}
	}
	return s.List(ctx, req.SDKAppID)
}

// batchCount is how many calls n changes of one list take.
func batchCount(n int) int { return (n + MaxChangesPerCall - 1) / MaxChangesPerCall }

// window is the i-th batch of s, nil past its end.
func window[T any](s []T, i int) []T {
	lo := i * MaxChangesPerCall
	if lo >= len(s) {
		return nil
	}
	return s[lo:min(lo+MaxChangesPerCall, len(s))]
}
