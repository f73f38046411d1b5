package admins

import "github.com/imconsole/imconsole/internal/consolewire"

// Action names of this service, as sent in X-TC-Action.
const (
	ActionList   = "DescribeIMAppAdmins"
	ActionAdd    = consolewire.ActionAddAdmin    // AddIMAppAdmin
	ActionDelete = consolewire.ActionDeleteAdmin // DeleteIMAppAdmin
)
