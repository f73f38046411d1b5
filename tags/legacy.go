package tags

// The console protocol's former tag actions, which issue 13 drops for the
// Tag API: the SDK no longer calls them. They stay only until imtest stops
// serving them (the server half of issue 13); delete this file then.
const (
	ActionList   = "DescribeIMAppTags"
	ActionModify = "ModifyIMAppTags"
)

// ListRequest is the body of the dropped DescribeIMAppTags.
type ListRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
}

// ListResponse is the answer of the dropped DescribeIMAppTags and
// ModifyIMAppTags.
type ListResponse struct {
	Tags []Tag `json:"Tags"`
}
