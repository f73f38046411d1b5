package restapi

import "github.com/imconsole/imconsole/internal/rules"

// Region is the data center whose REST API host a Client calls. An app's
// requests must go to the host of the data center it was created in;
// elsewhere Tencent answers 70020 (SDKAppID does not exist). It is the
// same type as apps.Region: pass an app's Region (apps.App.Region) to
// WithRegion as it is. It is a string, a Tencent region ID, with two
// methods (go doc does not show an alias's methods):
//
//	func (r Region) Host() string       // its REST API host, such as "adminapisgp.im.qcloud.com"; "" for an unknown region
//	func (r Region) BackupHost() string // the host Tencent documents for when the primary one's DNS is hijacked; "" when none is (Tokyo)
//
// Use the backup with WithBaseURL("https://" + r.BackupHost()).
type Region = rules.Region

// Data centers, with their REST API hosts. The values are Tencent's region
// IDs, the same as apps.RegionChina, apps.RegionSingapore ...
const (
	China         = rules.China         // ap-guangzhou: console.tim.qq.com
	Singapore     = rules.Singapore     // ap-singapore: adminapisgp.im.qcloud.com
	Seoul         = rules.Seoul         // ap-seoul: adminapikr.im.qcloud.com
	Frankfurt     = rules.Frankfurt     // eu-frankfurt: adminapiger.im.qcloud.com
	Mumbai        = rules.Mumbai        // ap-mumbai: adminapiind.im.qcloud.com
	SiliconValley = rules.SiliconValley // na-siliconvalley: adminapiusa.im.qcloud.com
	Jakarta       = rules.Jakarta       // ap-jakarta: adminapiidn.im.qcloud.com
	Tokyo         = rules.Tokyo         // ap-tokyo: adminapijpn.im.qcloud.com
)

// Regions lists every data center, China first.
func Regions() []Region { return rules.Regions() }
