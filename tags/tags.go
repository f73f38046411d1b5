// Package tags manages the tags on an IM app, following Tencent Cloud's tag
// rules: at most 50 tags per app, one value per key, keys of 1-127 and
// values of 1-255 characters (letters, digits, spaces inside and the
// characters "+-=._:/@()[],;><"), and the key prefixes qcs:, project and
// 项目 reserved. The SDK checks tags with Validate before sending; the
// service answers the same codes and messages.
//
// Every change is one ModifyIMAppTags call, applied atomically: all of it or
// nothing. Apps can be listed by tag with apps.ListOptions.TagFilters.
package tags

import (
	"context"

	"github.com/imconsole/imconsole/client"
)

// Service calls the tag actions. Create it with New; it is safe for
// concurrent use.
type Service struct {
	c *client.Client
}

// New returns the tags service over c.
func New(c *client.Client) *Service { return &Service{c: c} }

// List returns the app's tags sorted by key (DescribeIMAppTags). An unknown
// app, or one of another account, fails with ResourceNotFound.App
// (errors.Is client.ErrNotFound).
func (s *Service) List(ctx context.Context, sdkAppID uint64) ([]Tag, error) {
	var resp ListResponse
	if err := s.c.Call(ctx, ActionList, &ListRequest{SDKAppID: sdkAppID}, &resp); err != nil {
		return nil, err
	}
	return resp.Tags, nil
}

// Set makes ts the app's only tags and returns the app's tags afterwards;
// nil or empty ts removes every tag. Use FromMap to pass a map.
//
// It reads the current tags first (DescribeIMAppTags), then sends one
// ModifyIMAppTags that replaces ts and deletes the other keys, applied
// atomically. Because it is read-then-write, a tag someone else adds between
// the two calls survives. ts is checked before anything is sent: an invalid
// tag fails as Validate says, a key named twice with
// InvalidParameterValue.TagKeyDuplicate, more than 50 tags with
// LimitExceeded.TagCount. A Disabled app fails with
// FailedOperation.AppDisabled.
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
	keep := make(map[string]bool, len(ts))
	for _, t := range ts {
		keep[t.Key] = true
	}
	req := &ModifyRequest{SDKAppID: sdkAppID, ReplaceTags: ts}
	for _, t := range current {
		if !keep[t.Key] {
			req.DeleteTagKeys = append(req.DeleteTagKeys, t.Key)
		}
	}
	if len(req.ReplaceTags) == 0 && len(req.DeleteTagKeys) == 0 {
		return current, nil // the app has no tags and none are wanted
	}
	return s.Modify(ctx, req)
}

// Add adds ts to the app's tags, replacing the value of keys it already has
// (a merge), and returns the app's tags afterwards. It fails as Validate
// says for an invalid tag (checked before sending), with
// InvalidParameterValue.TagKeyDuplicate when ts names a key twice, with
// MissingParameter when ts is empty, and with LimitExceeded.TagCount when
// the app would carry more than 50 tags, in which case nothing changes.
func (s *Service) Add(ctx context.Context, sdkAppID uint64, ts ...Tag) ([]Tag, error) {
	return s.Modify(ctx, &ModifyRequest{SDKAppID: sdkAppID, ReplaceTags: ts})
}

// Remove deletes the tags with these keys and returns the app's tags
// afterwards; keys the app does not have are ignored. It fails with
// MissingParameter when no key is given and as ValidateKey says for a
// malformed key (both checked before sending).
func (s *Service) Remove(ctx context.Context, sdkAppID uint64, keys ...string) ([]Tag, error) {
	return s.Modify(ctx, &ModifyRequest{SDKAppID: sdkAppID, DeleteTagKeys: keys})
}

// Modify sends one ModifyIMAppTags as given, after checking it with
// req.Validate, and returns the app's tags afterwards. Set, Add and Remove
// are built on it; use it to replace some tags and delete others in one
// atomic change. It does not modify req.
func (s *Service) Modify(ctx context.Context, req *ModifyRequest) ([]Tag, error) {
	if req == nil {
		return nil, client.ValidationError(ActionModify, "MissingParameter", "Modify needs a *ModifyRequest with SdkAppId and ReplaceTags or DeleteTagKeys")
	}
	r := *req
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var resp ListResponse
	if err := s.c.Call(ctx, ActionModify, &r, &resp); err != nil {
		return nil, err
	}
	return resp.Tags, nil
}
