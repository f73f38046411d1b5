package imtest

import (
	"fmt"
	"maps"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/tags"
)

// tagState is what the server keeps about one app's tags: key → value.
type tagState struct {
	m map[string]string
}

// setUp gives a new app its initial tags: none.
func (st *tagState) setUp(now time.Time) { st.m = map[string]string{} }

// sorted returns the tags sorted by key, never nil.
func (st *tagState) sorted() []tags.Tag { return tags.FromMap(st.m) }

// tagFilter is DescribeIMApps' TagFilters read once per request: for each
// key, the values an app's tag may have (nil: any). Matching an app then
// costs at most one lookup per tag it carries, however many filters the
// request lists.
type tagFilter map[string]map[string]bool

// compileTagFilters reads filters; several filters of one key must all
// hold, so their value lists intersect.
func compileTagFilters(filters []apps.TagFilter) tagFilter {
	tf := tagFilter{}
	for _, f := range filters {
		allowed, seen := tf[f.TagKey]
		if len(f.TagValues) == 0 {
			if !seen {
				tf[f.TagKey] = nil
			}
			continue
		}
		values := map[string]bool{}
		for _, v := range f.TagValues {
			if !seen || allowed == nil || allowed[v] {
				values[v] = true
			}
		}
		tf[f.TagKey] = values
	}
	return tf
}

// matches reports whether the app passes every filter: it has the key and,
// when the filter lists values, one of them.
func (st *tagState) matches(tf tagFilter) bool {
	if len(tf) > len(st.m) {
		return false // some key is missing
	}
	for k, allowed := range tf {
		v, ok := st.m[k]
		if !ok || (allowed != nil && !allowed[v]) {
			return false
		}
	}
	return true
}

// apply returns the tags after req, without changing st, or
// LimitExceeded.TagCount when the result would carry too many. req must be
// valid.
func (st *tagState) apply(sdkAppID uint64, req *tags.ModifyRequest) (map[string]string, error) {
	next := maps.Clone(st.m) // setUp made st.m, so next is never nil
	for _, t := range req.ReplaceTags {
		next[t.Key] = t.Value
	}
	for _, k := range req.DeleteTagKeys {
		delete(next, k)
	}
	if len(next) > tags.MaxTagsPerApp {
		return nil, apiError("LimitExceeded.TagCount", "app %d would carry %d tags, but at most %d are allowed; nothing was changed: remove some tags first", sdkAppID, len(next), tags.MaxTagsPerApp)
	}
	return next, nil
}

func (s *Server) registerTagActions() {
	s.actions[tags.ActionList] = handler(s.listTags)
	s.actions[tags.ActionModify] = handler(s.modifyTags)
}

func (s *Server) listTags(c *call, req *tags.ListRequest) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	return tags.ListResponse{Tags: a.tags.sorted()}, nil
}

func (s *Server) modifyTags(c *call, req *tags.ModifyRequest) (any, error) {
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	next, err := a.tags.apply(req.SDKAppID, req)
	if err != nil {
		return nil, err
	}
	a.tags.m = next
	return tags.ListResponse{Tags: a.tags.sorted()}, nil
}

// SeedTags adds these tags to the app (of any account), replacing the
// values of keys it has, as ModifyIMAppTags would. It fails, changing
// nothing, for an unknown app, an invalid tag, or more than 50 tags in all.
func (s *Server) SeedTags(sdkAppID uint64, ts map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[sdkAppID]
	if a == nil {
		return fmt.Errorf("imtest: SeedTags: app %d does not exist; create it with SeedApp first", sdkAppID)
	}
	if len(ts) == 0 {
		return nil
	}
	req := &tags.ModifyRequest{SDKAppID: sdkAppID, ReplaceTags: tags.FromMap(ts)}
	if err := req.Validate(); err != nil {
		return fmt.Errorf("imtest: SeedTags: %w", err)
	}
	next, err := a.tags.apply(sdkAppID, req)
	if err != nil {
		return fmt.Errorf("imtest: SeedTags: %w", err)
	}
	a.tags.m = next
	return nil
}
