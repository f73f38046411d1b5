package admins

import "github.com/imconsole/imconsole/client"

// Action names of this service, as sent in X-TC-Action.
const (
	ActionList   = "DescribeIMAppAdmins"
	ActionAdd    = "AddIMAppAdmin"
	ActionDelete = "DeleteIMAppAdmin"
)

// ListRequest is the body of DescribeIMAppAdmins.
type ListRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
}

// ListResponse carries an app's admins, DefaultAdmin first, then in the
// order they were added.
type ListResponse struct {
	Admins []Admin `json:"Admins"`
}

// AddRequest is the body of AddIMAppAdmin.
type AddRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	UserID   string `json:"UserId"`
	client.Idempotency
}

// AddResponse carries the admin AddIMAppAdmin created.
type AddResponse struct {
	Admin *Admin `json:"Admin"`
}

// DeleteRequest is the body of DeleteIMAppAdmin.
type DeleteRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	UserID   string `json:"UserId"`
	client.Idempotency
}
