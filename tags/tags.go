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
// "＋－＝．＿：／＠（）［］【】，；"), and the key prefixes qcs:, project,
// 项目, qcloud and tencent reserved. The SDK checks every change with Validate before sending;
// the service answers the same codes.
//
// ModifyResourceTags takes at most MaxChangesPerCall tags to replace and
// to delete: a larger change goes in batches, which the SDK checks against
// the app's tags first (at most 50 after each) but which can still be left
// half-applied when a batch fails; Modify says what the error then tells.
//
// The resource name carries the account's OwnerUin, which the first call
// looks up (client.Client.Account, cam GetUserAppId) and the client keeps.
package tags

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/wire"
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
// (DescribeResourceTagsByResourceIds). It asks for custom tags, the ones
// users set, and leaves out the system tags Tencent Cloud sets, so that
// Set never tries to delete them. An app without tags, and one the
// account does not have, have none. It fails as client.Client.Account
// does, with the Tag API's errors, or when the answers hold more tags
// than an app carries (MaxTagsPerApp: a broken or hostile TotalCount would
// otherwise page for ever).
func (s *Service) List(ctx context.Context, sdkAppID uint64) ([]Tag, error) {
	id := strconv.FormatUint(sdkAppID, 10)
	req := describeResourceTags{ServiceType: ServiceType, ResourcePrefix: ResourcePrefix, ResourceIDs: []string{id}, Limit: describeLimit, Category: categoryCustom}
	out := []Tag{}
	for rows := 0; ; {
		if rows > MaxTagsPerApp { // rows answered, kept or not: another resource's count too
			return nil, fmt.Errorf("imconsole: %s: the answers hold more than the %d tags an app carries; check the endpoint is Tencent's Tag API", ActionDescribeResourceTags, MaxTagsPerApp)
		}
		var resp describeResourceTagsResponse
		if err := s.call(ctx, ActionDescribeResourceTags, &req, &resp); err != nil {
			return nil, err
		}
		rows += len(resp.Tags)
		for _, t := range resp.Tags {
			if t.ResourceID == "" || t.ResourceID == id {
				out = append(out, t.Tag)
			}
		}
		req.Offset += req.Limit // the Tag API takes only Offsets that are multiples of Limit
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
// Modify does (in batches beyond MaxChangesPerCall, checked against the
// tags it read, see Modify). Because it is read-then-write, a tag someone
// else adds between the two survives.
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
	return s.modify(ctx, req, current)
}

// Add adds ts to the app's tags, replacing the value of keys it already has
// (a merge), and returns the app's tags afterwards. Before sending, it
// fails as Validate says for an invalid tag, with
// InvalidParameterValue.TagKeyDuplicate when ts names a key twice, with
// MissingParameter when ts is empty, and with
// LimitExceeded.ResourceAttachedTags for more than 50 tags. Up to
// MaxChangesPerCall tags go in one call, which the service applies whole
// or refuses (LimitExceeded.ResourceAttachedTags when the app would carry
// more than 50); more are checked against the app's current tags, then
// sent in batches that may be left half-applied: see Modify.
func (s *Service) Add(ctx context.Context, sdkAppID uint64, ts ...Tag) ([]Tag, error) {
	return s.Modify(ctx, &ModifyRequest{SDKAppID: sdkAppID, ReplaceTags: ts})
}

// Remove deletes the tags with these keys and returns the app's tags
// afterwards; keys the app does not have are ignored. It fails with
// MissingParameter when no key is given and as ValidateKey says for a
// malformed key (both checked before sending). More than
// MaxChangesPerCall keys go in batches, after reading the app's tags, and
// may be left half-applied: see Modify.
func (s *Service) Remove(ctx context.Context, sdkAppID uint64, keys ...string) ([]Tag, error) {
	return s.Modify(ctx, &ModifyRequest{SDKAppID: sdkAppID, DeleteTagKeys: keys})
}

// Modify applies req, after checking it whole with req.Validate, and
// returns the app's tags afterwards (read back with List). Set, Add and
// Remove are built on it. It does not modify req.
//
// The Tag API's ModifyResourceTags takes at most MaxChangesPerCall (10)
// ReplaceTags and 10 DeleteTags. A change within that is one call, which
// the service applies whole or refuses (LimitExceeded.ResourceAttachedTags
// when the app would carry more than MaxTagsPerApp), and its error is the
// call's *client.APIError.
//
// A larger change is sent in batches, batch i carrying the i-th ten of
// each list, so it is not atomic across batches. Before sending any, Modify
// reads the app's tags (List) and refuses, with
// LimitExceeded.ResourceAttachedTags and nothing sent, a change that would
// leave the app with more than MaxTagsPerApp tags after any of its batches
// (also one that fits at the end but not after an earlier batch: remove
// tags first, then add). Each batch applies whole or not at all; when one
// fails, the batches before it stay applied and it and those after it are
// not, and the error (the batch's *client.APIError, or the network error,
// wrapped with which batch failed) says so; a failed first batch changed
// nothing, and its error is the call's, unwrapped. A failure worth retrying
// (throttling, InternalError, ServiceUnavailable, a network error, the
// context ending) says to call again with the same req, which finishes
// the change: every batch sets keys to values or deletes keys. Any other
// failure (the service refusing the batch, e.g. for tags someone added
// since the read, or the credentials' permissions) would be refused again:
// its error says to fix that first, and the app keeps the earlier batches
// meanwhile. A batch is retried when throttled (RequestLimitExceeded), not
// after InternalError or a network error, which may or may not have
// applied it (the Tag API takes no ClientToken).
func (s *Service) Modify(ctx context.Context, req *ModifyRequest) ([]Tag, error) {
	return s.modify(ctx, req, nil)
}

// modify is Modify; current is the app's tags when the caller has just
// read them (List never returns nil), nil to read them here if the change
// takes more than one batch.
func (s *Service) modify(ctx context.Context, req *ModifyRequest, current []Tag) ([]Tag, error) {
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
	if batches > 1 {
		if current == nil {
			if current, err = s.List(ctx, req.SDKAppID); err != nil {
				return nil, err
			}
		}
		if err := fitsEveryBatch(req, current, batches); err != nil {
			return nil, err
		}
	}
	for i := range batches {
		body := modifyResourceTags{Resource: resource, ReplaceTags: window(req.ReplaceTags, i)}
		for _, k := range window(req.DeleteTagKeys, i) {
			body.DeleteTags = append(body.DeleteTags, tagKey{TagKey: k})
		}
		if err := s.call(ctx, ActionModifyResourceTags, &body, nil); err != nil {
			if i == 0 {
				return nil, err // nothing applied
			}
			if worthRetrying(err) {
				return nil, fmt.Errorf("tags: app %d: batch %d of %d failed, %s; call again with the same change to finish it: %w", req.SDKAppID, i+1, batches, appliedBatches(i), err)
			}
			return nil, fmt.Errorf("tags: app %d: batch %d of %d was refused, %s and the later ones were not sent (List shows the tags now); "+
				"the same change would be refused again: resolve the error below first (for LimitExceeded.ResourceAttachedTags remove tags, otherwise check the credentials or the input), then send what is left of it: %w",
				req.SDKAppID, i+1, batches, appliedBatches(i), err)
		}
	}
	return s.List(ctx, req.SDKAppID)
}

// fitsEveryBatch refuses, before anything is sent, a change whose batches
// would take the app from its current tags past MaxTagsPerApp after any
// batch: the service would refuse that batch with the earlier ones
// applied.
func fitsEveryBatch(req *ModifyRequest, current []Tag, batches int) error {
	after := ToMap(current)
	over, overCount := 0, 0 // the first batch past the limit, and the count after it
	for i := range batches {
		for _, t := range window(req.ReplaceTags, i) {
			after[t.Key] = t.Value
		}
		for _, k := range window(req.DeleteTagKeys, i) {
			delete(after, k)
		}
		if over == 0 && len(after) > MaxTagsPerApp {
			over, overCount = i+1, len(after)
		}
	}
	switch {
	case len(after) > MaxTagsPerApp:
		return tooManyTags(fmt.Sprintf("app %d would carry %d tags after this change (it has %d), but an app carries at most %d; nothing was sent: remove some tags first, or add fewer",
			req.SDKAppID, len(after), len(current), MaxTagsPerApp))
	case over > 0:
		return tooManyTags(fmt.Sprintf("app %d would carry %d tags after batch %d of %d of this change (it has %d, %d at the end), but an app carries at most %d and the service refuses that batch with the earlier ones applied; nothing was sent: remove tags first (Remove), then add (Add)",
			req.SDKAppID, overCount, over, batches, len(current), len(after), MaxTagsPerApp))
	}
	return nil
}

// appliedBatches says which batches before the failed one (n of them, at
// least one) stayed applied.
func appliedBatches(n int) string {
	if n == 1 {
		return "batch 1 stays applied"
	}
	return fmt.Sprintf("batches 1-%d stay applied", n)
}

// worthRetrying reports whether a batch's failure may pass when the batch
// is sent again: throttling, an internal error or an unavailable service,
// and any failure without the service's answer (a network error, the
// context ending). Any other *client.APIError is the service refusing the
// batch, which it would refuse again.
func worthRetrying(err error) bool {
	var ae *client.APIError
	return !errors.As(err, &ae) || wire.Transient(ae.Code)
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
