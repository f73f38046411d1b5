package client

import (
	"errors"
	"fmt"
)

// Service is the API 3.0 service a call goes to: Name is the credential
// scope's service (and, with WithTencentCloud, the host
// <Name>.tencentcloudapi.com, or <Name>.<domain> WithTencentCloudDomain),
// Version the X-TC-Version it speaks. Call
// uses ConsoleService; CallService takes any of the four services below.
type Service struct {
	Name    string
	Version string
}

// The services a Client signs for, with the version of each it speaks.
// ServiceConsole is this project's IM console protocol (docs/protocol.md),
// at APIVersion: imtest, cmd/imref and self-hosted console backends serve
// it, Tencent Cloud does not. The other three are Tencent Cloud API 3.0
// services, served by Tencent and by imtest alike.
const (
	ServiceConsole = "im"

	ServiceCIM = "cim" // DescribeSdkAppid, the one IM action of API 3.0
	VersionCIM = "2019-03-18"

	ServiceCAM = "cam" // GetUserAppId, the caller's account
	VersionCAM = "2019-01-16"

	ServiceTag = "tag" // the Tag API, which tags IM apps
	VersionTag = "2018-08-13"
)

// ConsoleService is the service of the console protocol's actions, the
// one Call sends to.
func ConsoleService() Service { return Service{Name: ServiceConsole, Version: APIVersion} }

// ErrConsoleOnly is matched (errors.Is) by the error of a console-protocol
// action called on a Client made WithTencentCloud: Tencent Cloud API 3.0
// has no such action, so the call fails before anything is sent.
var ErrConsoleOnly = errors.New("the action exists only in the IM console protocol (docs/protocol.md), which imtest, cmd/imref and self-hosted console backends serve, not Tencent Cloud API 3.0: on Tencent Cloud do this in Tencent's IM web console; against imtest or cmd/imref call it on a client made with WithEndpoint")

// consoleOnly is the error of a console-protocol action under
// WithTencentCloud.
func consoleOnly(action string) error {
	return fmt.Errorf("imconsole: %s: %w", action, ErrConsoleOnly)
}
