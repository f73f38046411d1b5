package consolewire

import (
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
)

// Actions of admins whose bodies are here and check themselves.
const (
	ActionAddAdmin    = "AddIMAppAdmin"
	ActionDeleteAdmin = "DeleteIMAppAdmin"
)

// AdminsResponse carries an app's admins, DefaultAdmin first, then in the
// order they were added: the answer of DescribeIMAppAdmins (Admin is
// admins.Admin). Its request is an AppRequest.
type AdminsResponse[Admin any] struct {
	Admins []Admin `json:"Admins"`
}

// AddAdminRequest is the body of AddIMAppAdmin.
type AddAdminRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	UserID   string `json:"UserId"`
	client.Idempotency
}

// Validate checks the request as the service does (rules.CheckUserID),
// returning the same *client.APIError (code and message) it would answer.
func (r *AddAdminRequest) Validate() error {
	code, message := rules.CheckUserID(r.UserID)
	return RuleError(ActionAddAdmin, code, message)
}

// AdminResponse carries the admin AddIMAppAdmin created (Admin is
// admins.Admin).
type AdminResponse[Admin any] struct {
	Admin *Admin `json:"Admin"`
}

// DeleteAdminRequest is the body of DeleteIMAppAdmin, which has the
// fields of an AddAdminRequest.
type DeleteAdminRequest AddAdminRequest

// Validate checks the request as the service does (rules.CheckUserID), failing
// with the *client.APIError the service would answer (RuleError).
func (r *DeleteAdminRequest) Validate() error {
	code, message := rules.CheckUserID(r.UserID)
	return RuleError(ActionDeleteAdmin, code, message)
}
