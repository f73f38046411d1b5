package tags

// Action names of the Tag API (service tag, version client.VersionTag)
// this package calls, as sent in X-TC-Action.
const (
	ActionModifyResourceTags   = "ModifyResourceTags"
	ActionDescribeResourceTags = "DescribeResourceTagsByResourceIds"
)

// How the Tag API names IM apps: service type im, resource prefix
// sdkappid, region empty (see ResourceName).
const (
	ServiceType    = "im"
	ResourcePrefix = "sdkappid"
)

// ModifyRequest is one change to an app's tags, for Modify: each of
// ReplaceTags is added, or overwrites the value of its key; each of
// DeleteTagKeys is removed (a key the app does not have is ignored). It is
// sent as ModifyResourceTags calls of at most MaxChangesPerCall of each
// list (see Modify for what a change larger than that means).
type ModifyRequest struct {
	SDKAppID      uint64
	ReplaceTags   []Tag
	DeleteTagKeys []string
}

// modifyResourceTags is the body of one ModifyResourceTags call. Neither
// list may be an empty array, hence omitempty.
type modifyResourceTags struct {
	Resource    string   `json:"Resource"`
	ReplaceTags []Tag    `json:"ReplaceTags,omitempty"`
	DeleteTags  []tagKey `json:"DeleteTags,omitempty"`
}

type tagKey struct {
	TagKey string `json:"TagKey"`
}

// describeResourceTags is the body of DescribeResourceTagsByResourceIds
// for one app. Category is always categoryCustom: the API's default, All,
// also answers system tags, which Tencent Cloud sets and Set must not
// delete.
type describeResourceTags struct {
	ServiceType    string   `json:"ServiceType"`
	ResourcePrefix string   `json:"ResourcePrefix"`
	ResourceIDs    []string `json:"ResourceIds"`
	ResourceRegion string   `json:"ResourceRegion"`
	Offset         int      `json:"Offset"`
	Limit          int      `json:"Limit"`
	Category       string   `json:"Category"`
}

// categoryCustom asks the Tag API for the tags users set, not the system
// tags Tencent Cloud sets.
const categoryCustom = "Custom"

// describeResourceTagsResponse is one page of its answer.
type describeResourceTagsResponse struct {
	TotalCount int `json:"TotalCount"`
	Tags       []struct {
		Tag
		ResourceID string `json:"ResourceId"`
	} `json:"Tags"`
}

// describeLimit is the page size of DescribeResourceTagsByResourceIds, its
// maximum: one page holds every tag of an app.
const describeLimit = 100
