package tags

import "github.com/imconsole/imconsole/client"

// Action names of this service, as sent in X-TC-Action.
const (
	ActionList   = "DescribeIMAppTags"
	ActionModify = "ModifyIMAppTags"
)

// ListRequest is the body of DescribeIMAppTags.
type ListRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
}

// ListResponse carries an app's tags, sorted by key. ModifyIMAppTags
// answers the same shape with the tags after the change.
type ListResponse struct {
	Tags []Tag `json:"Tags"`
}

// ModifyRequest is the body of ModifyIMAppTags, as Tencent's
// ModifyResourceTags: each of ReplaceTags is added, or overwrites the value
// of its key; each of DeleteTagKeys is removed (a key the app does not have
// is ignored). The change applies atomically: all of it, or nothing when any
// part is invalid or the result would exceed MaxTagsPerApp tags.
type ModifyRequest struct {
	SDKAppID      uint64   `json:"SdkAppId"`
	ReplaceTags   []Tag    `json:"ReplaceTags,omitempty"`
	DeleteTagKeys []string `json:"DeleteTagKeys,omitempty"`
	client.Idempotency
}
