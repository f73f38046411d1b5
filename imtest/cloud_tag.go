package imtest

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/internal/rules"
)

// Limits of the Tag API, as Tencent documents them (cloud-api-facts).
const (
	maxTagsPerRequest      = 10  // ModifyResourceTags' lists, TagResources' Tags, UnTagResources' TagKeys
	maxResourcesPerRequest = 10  // ResourceList
	maxResourceIDs         = 50  // DescribeResourceTagsByResourceIds' ResourceIds
	defaultDescribeLimit   = 15  // DescribeResourceTagsByResourceIds' Limit, by default
	maxDescribeLimit       = 100 // and at most
	maxTagFilters          = 6   // GetResources' TagFilters
	maxFilterValues        = 10  // values of one TagFilter
	defaultMaxResults      = 50  // GetResources' MaxResults, by default
	maxMaxResults          = 200 // and at most
)

// resourceTag is a tag as the Tag API writes it.
type resourceTag struct {
	Key   string `json:"TagKey"`
	Value string `json:"TagValue"`
}

// resourceTagKey is a tag key to delete (ModifyResourceTags' DeleteTags).
type resourceTagKey struct {
	Key string `json:"TagKey"`
}

// resourceName is a parsed six-segment resource name. app is set for an IM
// app; service is what the name's third segment says.
type resourceName struct {
	name    string
	service string
	uin     string
	app     uint64
}

// parseResource reads qcs::<service>:<region>:uin/<uin>:<prefix>/<id>. An
// IM app (service im) has an empty region and the prefix sdkappid; a name
// of another service only has to have the six segments.
func parseResource(name string) (resourceName, error) {
	bad := func(why string) (resourceName, error) {
		return resourceName{}, apiError("InvalidParameterValue.ResourceDescriptionError", "resource %q %s; an IM app is qcs::im::uin/<OwnerUin>:sdkappid/<SDKAppID>", clip(name, maxLogged), why)
	}
	seg := strings.Split(name, ":")
	if len(seg) != 6 || seg[0] != "qcs" || seg[1] != "" || seg[2] == "" {
		return bad("is not a six-segment qcs::<service>:<region>:uin/<uin>:<prefix>/<id> name")
	}
	uin, ok := strings.CutPrefix(seg[4], "uin/")
	if !ok || !isDecimal(uin) {
		return bad("has no uin/<uin> fifth segment")
	}
	r := resourceName{name: name, service: seg[2], uin: uin}
	if r.service != serviceIM {
		return r, nil
	}
	id, ok := strings.CutPrefix(seg[5], "sdkappid/")
	if seg[3] != "" || !ok || !isDecimal(id) {
		return bad("is not an IM app: the region is empty and the last segment is sdkappid/<SDKAppID>")
	}
	r.app, _ = strconv.ParseUint(id, 10, 64)
	return r, nil
}

func isDecimal(s string) bool {
	if s == "" || len(s) > 19 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseResourceList parses a request's ResourceList: at least one and at
// most 10 names, each parsed.
func parseResourceList(names []string, required bool) ([]resourceName, error) {
	if len(names) == 0 && required {
		return nil, apiError("MissingParameter", "ResourceList is required: name 1-%d resources", maxResourcesPerRequest)
	}
	if len(names) > maxResourcesPerRequest {
		return nil, apiError("LimitExceeded.ResourceNumPerRequest", "ResourceList names %d resources; send at most %d per request", len(names), maxResourcesPerRequest)
	}
	out := make([]resourceName, 0, len(names))
	for _, n := range names {
		r, err := parseResource(n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// oneApp is the SDKAppID of the IM app names lists when it lists exactly
// one, 0 otherwise (none, several, another service's, or not a name), for
// the request log.
func oneApp(names ...string) uint64 {
	if len(names) != 1 {
		return 0
	}
	r, _ := parseResource(names[0])
	return r.app
}

// tagRule turns a broken tag rule (internal/rules) into the error answered.
func tagRule(code, message string) error {
	if code == "" {
		return nil
	}
	return apiError(code, "%s", message)
}

// checkTags checks a list of tags to write: 1-10 of them, each valid, no
// key twice.
func checkTags(field string, ts []resourceTag) error {
	if len(ts) == 0 {
		return apiError("MissingParameter", "%s is required: give 1-%d tags", field, maxTagsPerRequest)
	}
	if len(ts) > maxTagsPerRequest {
		return apiError("LimitExceeded.TagNumPerRequest", "%s has %d tags; send at most %d per request", field, len(ts), maxTagsPerRequest)
	}
	keys := make([]string, len(ts))
	for i, t := range ts {
		if err := tagRule(rules.CheckTagKey(t.Key)); err != nil {
			return err
		}
		if err := tagRule(rules.CheckTagValue(t.Value)); err != nil {
			return err
		}
		keys[i] = t.Key
	}
	return uniqueKeys(field, keys)
}

// checkKeys checks a list of keys to delete: 1-10 of them, each valid, no
// key twice.
func checkKeys(field string, keys []string) error {
	if len(keys) == 0 {
		return apiError("MissingParameter", "%s is required: give 1-%d tag keys", field, maxTagsPerRequest)
	}
	if len(keys) > maxTagsPerRequest {
		return apiError("LimitExceeded.TagNumPerRequest", "%s has %d tag keys; send at most %d per request", field, len(keys), maxTagsPerRequest)
	}
	for _, k := range keys {
		if err := tagRule(rules.CheckTagKey(k)); err != nil {
			return err
		}
	}
	return uniqueKeys(field, keys)
}

func uniqueKeys(field string, keys []string) error {
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			return apiError("InvalidParameterValue.TagKeyDuplicate", "tag key %q is named twice in %s; name each key once", k, field)
		}
		seen[k] = true
	}
	return nil
}

// taggedApp returns the caller's app a resource names, for a write: a name
// of another service is InvalidParameter.UnsupportedService when
// otherService says so (TagResources, and ModifyResourceTags after it),
// else ResourceNotFound (UnTagResources, whose errors Tencent gives as
// TagResources' less UnsupportedService); an app that does not exist, or
// of another account, is ResourceNotFound, the same for both.
func (s *Server) taggedApp(c *call, r resourceName, otherService bool) (*appState, error) {
	if r.service != serviceIM && otherService {
		return nil, apiError("InvalidParameter.UnsupportedService", "resource %q is of service %s; imtest serves the tags of IM apps (service im) only", clip(r.name, maxLogged), r.service)
	}
	if a := s.lookupApp(c, r); a != nil {
		return a, nil
	}
	return nil, apiError("ResourceNotFound", "resource %q does not exist in this account; check the SDKAppID, and that the uin is the OwnerUin cam GetUserAppId answers", clip(r.name, maxLogged))
}

// lookupApp is the caller's app r names, nil when there is none.
func (s *Server) lookupApp(c *call, r resourceName) *appState {
	a := s.apps[r.app]
	if r.service != serviceIM || r.uin != c.account.info.OwnerUin || a == nil || a.owner != c.account {
		return nil
	}
	return a
}

// applyTags returns a's tags with set added and del removed, without
// changing a, or LimitExceeded.ResourceAttachedTags when the result would
// carry more than 50.
func applyTags(a *appState, set []resourceTag, del []string) (map[string]string, error) {
	next := maps.Clone(a.tags.m)
	for _, t := range set {
		next[t.Key] = t.Value
	}
	for _, k := range del {
		delete(next, k)
	}
	if len(next) > rules.MaxTagsPerResource {
		return nil, apiError("LimitExceeded.ResourceAttachedTags", "app %d would carry %d tags, but a resource carries at most %d; nothing was changed: remove some tags first", a.app.SDKAppID, len(next), rules.MaxTagsPerResource)
	}
	return next, nil
}

// ModifyResourceTags

type modifyResourceTagsRequest struct {
	Resource    string            `json:"Resource"`
	ReplaceTags *[]resourceTag    `json:"ReplaceTags"`
	DeleteTags  *[]resourceTagKey `json:"DeleteTags"`
}

// Validate checks the request alone: a resource, at least one list, each
// list given non-empty with at most 10 entries, and no key in both.
func (r *modifyResourceTagsRequest) Validate() error {
	if r.Resource == "" {
		return apiError("MissingParameter", "Resource is required: qcs::im::uin/<OwnerUin>:sdkappid/<SDKAppID>")
	}
	if _, err := parseResource(r.Resource); err != nil {
		return err
	}
	if r.ReplaceTags == nil && r.DeleteTags == nil {
		return apiError("MissingParameter", "nothing to change: give ReplaceTags, DeleteTags or both")
	}
	var keys []string
	if r.ReplaceTags != nil {
		if err := checkTags("ReplaceTags", *r.ReplaceTags); err != nil {
			return err
		}
		for _, t := range *r.ReplaceTags {
			keys = append(keys, t.Key)
		}
	}
	if r.DeleteTags != nil {
		if err := checkKeys("DeleteTags", r.deleteKeys()); err != nil {
			return err
		}
		for _, k := range r.deleteKeys() {
			if slices.Contains(keys, k) {
				return apiError("InvalidParameterValue.DeleteTagsParamError", "tag key %q is in both ReplaceTags and DeleteTags; name it in one of them", k)
			}
		}
	}
	return nil
}

// namedApp is the app the request changes, for the request log.
func (r *modifyResourceTagsRequest) namedApp() uint64 { return oneApp(r.Resource) }

func (r *modifyResourceTagsRequest) deleteKeys() []string {
	if r.DeleteTags == nil {
		return nil
	}
	keys := make([]string, len(*r.DeleteTags))
	for i, k := range *r.DeleteTags {
		keys[i] = k.Key
	}
	return keys
}

func (s *Server) modifyResourceTags(c *call, req *modifyResourceTagsRequest) (any, error) {
	r, _ := parseResource(req.Resource) // valid: Validate parsed it
	a, err := s.taggedApp(c, r, true)
	if err != nil {
		return nil, err
	}
	var set []resourceTag
	if req.ReplaceTags != nil {
		set = *req.ReplaceTags
	}
	next, err := applyTags(a, set, req.deleteKeys())
	if err != nil {
		return nil, err
	}
	a.tags.m = next
	return nil, nil
}

// TagResources and UnTagResources

type tagResourcesRequest struct {
	ResourceList []string      `json:"ResourceList"`
	Tags         []resourceTag `json:"Tags"`
}

// Validate checks 1-10 resources and 1-10 valid tags.
func (r *tagResourcesRequest) Validate() error {
	if _, err := parseResourceList(r.ResourceList, true); err != nil {
		return err
	}
	return checkTags("Tags", r.Tags)
}

// namedApp is the app the request tags when it names one, for the
// request log.
func (r *tagResourcesRequest) namedApp() uint64 { return oneApp(r.ResourceList...) }

// failedResources is the answer of TagResources and UnTagResources
// (651/46533, 651/46532: "When tag creating and binding succeeds, the
// returned FailedResources will be empty"). The server changes all the
// resources or none, answering an error for none, so the list is always
// empty.
type failedResources struct {
	FailedResources []struct{} `json:"FailedResources"`
}

// tagResources applies the tags to every resource, or to none when one of
// them fails.
func (s *Server) tagResources(c *call, req *tagResourcesRequest) (any, error) {
	return failedResources{FailedResources: []struct{}{}}, s.changeResources(c, req.ResourceList, req.Tags, nil)
}

type unTagResourcesRequest struct {
	ResourceList []string `json:"ResourceList"`
	TagKeys      []string `json:"TagKeys"`
}

// Validate checks 1-10 resources and 1-10 valid keys.
func (r *unTagResourcesRequest) Validate() error {
	if _, err := parseResourceList(r.ResourceList, true); err != nil {
		return err
	}
	return checkKeys("TagKeys", r.TagKeys)
}

// namedApp is the app the request untags when it names one, for the
// request log.
func (r *unTagResourcesRequest) namedApp() uint64 { return oneApp(r.ResourceList...) }

func (s *Server) unTagResources(c *call, req *unTagResourcesRequest) (any, error) {
	return failedResources{FailedResources: []struct{}{}}, s.changeResources(c, req.ResourceList, nil, req.TagKeys)
}

// changeResources sets and deletes tags on every resource named, checking
// all of them first: all change, or none. set is nil for UnTagResources
// and never for TagResources (Validate requires 1-10 tags).
func (s *Server) changeResources(c *call, names []string, set []resourceTag, del []string) error {
	rs, _ := parseResourceList(names, true) // valid: Validate parsed them
	type change struct {
		a    *appState
		next map[string]string
	}
	changes := make([]change, 0, len(rs))
	for _, r := range rs {
		a, err := s.taggedApp(c, r, set != nil)
		if err != nil {
			return err
		}
		next, err := applyTags(a, set, del)
		if err != nil {
			return err
		}
		changes = append(changes, change{a, next})
	}
	for _, ch := range changes {
		ch.a.tags.m = ch.next
	}
	return nil
}

// DescribeResourceTagsByResourceIds

type describeResourceTagsRequest struct {
	ServiceType    string   `json:"ServiceType"`
	ResourcePrefix string   `json:"ResourcePrefix"`
	ResourceIDs    []string `json:"ResourceIds"`
	ResourceRegion string   `json:"ResourceRegion"`
	Offset         uint64   `json:"Offset"`
	Limit          *uint64  `json:"Limit"`
	Category       string   `json:"Category"`
}

// Validate checks the IM app resource type (ServiceType im, ResourcePrefix
// sdkappid, no region), 1-50 SDKAppIDs, a Limit of 1-100, an Offset that
// is a multiple of it (as Tencent documents: "必须为Limit参数的整数倍") and
// a known Category.
func (r *describeResourceTagsRequest) Validate() error {
	switch {
	case r.ServiceType != serviceIM:
		return apiError("InvalidParameterValue.ServiceTypeInvalid", "ServiceType %q is not served; imtest serves the tags of IM apps: ServiceType im", clip(r.ServiceType, maxLogged))
	case r.ResourcePrefix != "sdkappid":
		return apiError("InvalidParameterValue.ResourcePrefixInvalid", "ResourcePrefix %q is not an IM app's; use sdkappid", clip(r.ResourcePrefix, maxLogged))
	case r.ResourceRegion != "":
		return apiError("InvalidParameterValue.RegionInvalid", "ResourceRegion %q: IM apps are global resources; send an empty ResourceRegion", clip(r.ResourceRegion, maxLogged))
	case len(r.ResourceIDs) == 0:
		return apiError("MissingParameter", "ResourceIds is required: give 1-%d SDKAppIDs", maxResourceIDs)
	case len(r.ResourceIDs) > maxResourceIDs:
		return apiError("LimitExceeded.ResourceNumPerRequest", "ResourceIds has %d entries; send at most %d per request", len(r.ResourceIDs), maxResourceIDs)
	case r.Limit != nil && (*r.Limit == 0 || *r.Limit > maxDescribeLimit):
		return apiError("InvalidParameterValue", "Limit %d is out of range; use 1-%d (default %d)", *r.Limit, maxDescribeLimit, defaultDescribeLimit)
	case r.Offset%r.limit() != 0:
		return apiError("InvalidParameterValue", "Offset %d is not a multiple of Limit %d; page with Offset 0, Limit, 2×Limit, ...", r.Offset, r.limit())
	}
	switch r.Category {
	case "", "All", "Custom", "System":
	default:
		return apiError("InvalidParameterValue", "Category %q is not Custom, System or All", clip(r.Category, maxLogged))
	}
	for _, id := range r.ResourceIDs {
		if !isDecimal(id) {
			return apiError("InvalidParameterValue.ResourceIdInvalid", "ResourceId %q is not an SDKAppID", clip(id, maxLogged))
		}
	}
	return nil
}

// limit is the page size asked for, the default when none is.
func (r *describeResourceTagsRequest) limit() uint64 {
	if r.Limit == nil {
		return defaultDescribeLimit
	}
	return *r.Limit
}

// namedApp is the app whose tags the request reads when it names one, for
// the request log.
func (r *describeResourceTagsRequest) namedApp() uint64 {
	if len(r.ResourceIDs) != 1 || !isDecimal(r.ResourceIDs[0]) {
		return 0
	}
	id, _ := strconv.ParseUint(r.ResourceIDs[0], 10, 64)
	return id
}

type resourceIDTag struct {
	Key        string `json:"TagKey"`
	Value      string `json:"TagValue"`
	ResourceID string `json:"ResourceId"`
	Category   string `json:"Category"`
}

type describeResourceTagsResponse struct {
	TotalCount uint64          `json:"TotalCount"`
	Offset     uint64          `json:"Offset"`
	Limit      uint64          `json:"Limit"`
	Tags       []resourceIDTag `json:"Tags"`
}

// describeResourceTagsByResourceIDs answers the tags of the caller's apps
// named, in the order named and by key within one, a page of Limit from
// Offset; an app of another account or none has no tags.
func (s *Server) describeResourceTagsByResourceIDs(c *call, req *describeResourceTagsRequest) (any, error) {
	limit := req.limit()
	all := []resourceIDTag{}
	if req.Category != "System" { // every tag is a custom one
		for _, id := range req.ResourceIDs {
			n, _ := strconv.ParseUint(id, 10, 64)
			a := s.lookupApp(c, resourceName{service: serviceIM, uin: c.account.info.OwnerUin, app: n})
			if a == nil {
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(a.tags.m)) {
				all = append(all, resourceIDTag{Key: k, Value: a.tags.m[k], ResourceID: id, Category: "Custom"})
			}
		}
	}
	resp := describeResourceTagsResponse{TotalCount: uint64(len(all)), Offset: req.Offset, Limit: limit, Tags: []resourceIDTag{}}
	if req.Offset < uint64(len(all)) {
		resp.Tags = all[req.Offset:min(req.Offset+limit, uint64(len(all)))]
	}
	return resp, nil
}

// GetResources

type getResourcesFilter struct {
	Key    string   `json:"TagKey"`
	Values []string `json:"TagValue"`
}

type getResourcesRequest struct {
	ResourceList    []string             `json:"ResourceList"`
	TagFilters      []getResourcesFilter `json:"TagFilters"`
	PaginationToken string               `json:"PaginationToken"`
	MaxResults      *uint64              `json:"MaxResults"`
}

// Validate checks at most 10 resources, at most 6 filters of distinct
// valid keys with at most 10 valid values each, MaxResults of 1-200 and a
// token this server issued.
func (r *getResourcesRequest) Validate() error {
	if _, err := parseResourceList(r.ResourceList, false); err != nil {
		return err
	}
	if len(r.TagFilters) > maxTagFilters {
		return apiError("LimitExceeded.TagNumPerRequest", "TagFilters has %d filters; send at most %d", len(r.TagFilters), maxTagFilters)
	}
	keys := make([]string, len(r.TagFilters))
	for i, f := range r.TagFilters {
		if err := tagRule(rules.CheckTagKey(f.Key)); err != nil {
			return err
		}
		if len(f.Values) > maxFilterValues {
			return apiError("LimitExceeded.TagValue", "the TagFilter of key %q lists %d values; list at most %d", f.Key, len(f.Values), maxFilterValues)
		}
		for _, v := range f.Values {
			if err := tagRule(rules.CheckTagValue(v)); err != nil {
				return err
			}
		}
		keys[i] = f.Key
	}
	if err := uniqueKeys("TagFilters", keys); err != nil {
		return err
	}
	if len(r.ResourceList) == 0 && r.MaxResults != nil && (*r.MaxResults == 0 || *r.MaxResults > maxMaxResults) { // "with ResourceList, MaxResults is ignored"
		return apiError("InvalidParameter", "MaxResults %d is out of range; use 1-%d (default %d)", *r.MaxResults, maxMaxResults, defaultMaxResults)
	}
	if _, err := parsePaginationToken(r.PaginationToken); err != nil {
		return err
	}
	return nil
}

// namedApp is the app the request reads when its ResourceList names one,
// for the request log.
func (r *getResourcesRequest) namedApp() uint64 { return oneApp(r.ResourceList...) }

// A PaginationToken is "sdkappid/<id>": the next page starts after that app.
const paginationPrefix = "sdkappid/"

func parsePaginationToken(tok string) (after uint64, err error) {
	if tok == "" {
		return 0, nil
	}
	id, ok := strings.CutPrefix(tok, paginationPrefix)
	if after, err = strconv.ParseUint(id, 10, 64); !ok || err != nil || !isDecimal(id) {
		return 0, apiError("InvalidParameter.PaginationTokenInvalid", "PaginationToken %q was not issued by GetResources; send the one the previous page answered, or none for the first page", clip(tok, maxLogged))
	}
	return after, nil
}

type resourceTagMapping struct {
	Resource string        `json:"Resource"`
	Tags     []resourceTag `json:"Tags"`
}

type getResourcesResponse struct {
	PaginationToken        string               `json:"PaginationToken"`
	ResourceTagMappingList []resourceTagMapping `json:"ResourceTagMappingList"`
}

// getResources answers the caller's tagged apps that pass every filter
// (one of its values, or any value when it lists none): those of
// ResourceList (all at once, MaxResults ignored), or all of them by
// ascending SDKAppID, MaxResults a page.
func (s *Server) getResources(c *call, req *getResourcesRequest) (any, error) {
	filter := map[string][]string{}
	for _, f := range req.TagFilters {
		filter[f.Key] = f.Values
	}
	matches := func(a *appState) bool {
		if len(a.tags.m) == 0 {
			return false // the tag service knows only resources with tags
		}
		for k, values := range filter {
			v, ok := a.tags.m[k]
			if !ok || (len(values) > 0 && !slices.Contains(values, v)) {
				return false
			}
		}
		return true
	}
	resp := getResourcesResponse{ResourceTagMappingList: []resourceTagMapping{}}
	add := func(name string, a *appState) {
		ts := make([]resourceTag, 0, len(a.tags.m))
		for _, k := range slices.Sorted(maps.Keys(a.tags.m)) {
			ts = append(ts, resourceTag{Key: k, Value: a.tags.m[k]})
		}
		resp.ResourceTagMappingList = append(resp.ResourceTagMappingList, resourceTagMapping{Resource: name, Tags: ts})
	}
	if len(req.ResourceList) > 0 {
		rs, _ := parseResourceList(req.ResourceList, false) // valid: Validate parsed them
		for _, r := range rs {
			if a := s.lookupApp(c, r); a != nil && matches(a) {
				add(r.name, a)
			}
		}
		return resp, nil
	}
	after, _ := parsePaginationToken(req.PaginationToken) // valid: Validate parsed it
	limit := uint64(defaultMaxResults)
	if req.MaxResults != nil {
		limit = *req.MaxResults
	}
	var ids []uint64
	for id, a := range s.apps {
		if id > after && a.owner == c.account && matches(a) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if uint64(len(ids)) > limit {
		ids = ids[:limit]
		resp.PaginationToken = fmt.Sprintf("%s%d", paginationPrefix, ids[len(ids)-1])
	}
	for _, id := range ids {
		add(c.account.info.Resource(id), s.apps[id])
	}
	return resp, nil
}
