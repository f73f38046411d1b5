package imtest

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/internal/rules"
)

// tagState is what the server keeps about one app's tags: key → value. The
// Tag API (cloud_tag.go), DescribeIMApps' TagFilters and SeedTags all read
// and write this one state.
type tagState struct {
	m map[string]string
}

// setUp gives a new app its initial tags: none.
func (st *tagState) setUp(now time.Time) { st.m = map[string]string{} }

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

// SeedTags adds these tags to the app (of any account), replacing the
// values of keys it has, as the Tag API's TagResources would, with no limit
// of 10 per call. It fails, changing nothing, for an unknown app, a tag
// that breaks Tencent's rules (the Tag API's code, such as
// InvalidParameterValue.TagKeyCharacterIllegal), or more than 50 tags in
// all (LimitExceeded.ResourceAttachedTags).
func (s *Server) SeedTags(sdkAppID uint64, ts map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.appLocked("SeedTags", sdkAppID)
	if err != nil {
		return fmt.Errorf("%w; create it with SeedApp first", err)
	}
	set := make([]resourceTag, 0, len(ts))
	for _, k := range slices.Sorted(maps.Keys(ts)) {
		if err := cmp.Or(tagRule(rules.CheckTagKey(k)), tagRule(rules.CheckTagValue(ts[k]))); err != nil {
			return fmt.Errorf("imtest: SeedTags: %w", err)
		}
		set = append(set, resourceTag{Key: k, Value: ts[k]})
	}
	next, err := applyTags(a, set, nil)
	if err != nil {
		return fmt.Errorf("imtest: SeedTags: %w", err)
	}
	a.tags.m = next
	return nil
}

// Tags returns the app's tags (of any account), as the Tag API sees them.
// It fails for an unknown app.
func (s *Server) Tags(sdkAppID uint64) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.appLocked("Tags", sdkAppID)
	if err != nil {
		return nil, err
	}
	return maps.Clone(a.tags.m), nil
}
