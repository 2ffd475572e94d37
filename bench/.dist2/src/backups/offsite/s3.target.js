import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { OffsiteTarget } from './offsite-target.js';
/** Any S3-compatible service (AWS, MinIO, Garage, Backblaze B2, …): streaming multipart upload, read back to check. */
export class S3Target extends OffsiteTarget {
    config;
    name;
    client;
    constructor(config) {
        super();
        this.config = config;
        this.name = config.name;
        this.client = new S3Client({
            region: config.region,
            endpoint: config.endpoint,
            forcePathStyle: config.forcePathStyle,
            credentials: config.accessKeyId ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
            maxAttempts: 3,
        });
    }
    remoteKey(relativePath) {
        return `${this.config.prefix}${relativePath}`;
    }
    /** The upload body; a seam so tests can make an upload fail halfway. */
    body(localPath) {
        return createReadStream(localPath);
    }
    async upload(localPath, key) {
        const body = this.body(localPath);
        let bodyError;
        body.on('error', (error) => (bodyError = error));
        // 8 MiB parts, 2 at a time: bounded memory whatever the backup size.
        const upload = new Upload({ client: this.client, params: { Bucket: this.config.bucket, Key: key, Body: body }, partSize: 8 * 1024 * 1024, queueSize: 2 });
        try {
            await upload.done();
        }
        catch (error) {
            // lib-storage aborts the multipart upload on failure; if the abort fails too, its error would hide the cause.
            throw bodyError ?? error;
        }
        // Read the object back: the copy counts only if its bytes are the backup's bytes.
        const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
        const hash = createHash('sha256');
        for await (const chunk of object.Body)
            hash.update(chunk);
        return { sha256: hash.digest('hex') };
    }
    async remove(key) {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
    }
}
//# sourceMappingURL=s3.target.js.map